import { setTimeout as sleep } from 'node:timers/promises';
import { deliveryId, newId } from '../../src/ids';

describe('newId', () => {
  test('a new id is the prefix, 9 base-36 time digits and 16 hex digits', () => {
    const id = newId('sub');

    expect(id).toMatch(/^sub_[0-9a-z]{9}[0-9a-f]{16}$/);
  });

  test('the time part of a new id is the creation time in milliseconds', () => {
    const before = Date.now();

    const id = newId('sub');

    const after = Date.now();
    const time = parseInt(id.slice('sub_'.length, 'sub_'.length + 9), 36);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });

  test('an id made later sorts after an id made earlier', async () => {
    const earlier = newId('sub');
    await sleep(5);

    const later = newId('sub');

    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  test('two ids made one after the other differ', () => {
    const first = newId('sub');

    const second = newId('sub');

    expect(second).not.toBe(first);
  });
});

describe('deliveryId', () => {
  test('a delivery id is dlv_ and 24 hex digits', () => {
    const id = deliveryId('evt_1', 'sub_1');

    expect(id).toMatch(/^dlv_[0-9a-f]{24}$/);
  });

  test('the same event and subscription give the same id', () => {
    const first = deliveryId('evt_1', 'sub_1');

    const second = deliveryId('evt_1', 'sub_1');

    expect(second).toBe(first);
  });

  test('another event gives another id', () => {
    const first = deliveryId('evt_1', 'sub_1');

    const second = deliveryId('evt_2', 'sub_1');

    expect(second).not.toBe(first);
  });

  test('another subscription gives another id', () => {
    const first = deliveryId('evt_1', 'sub_1');

    const second = deliveryId('evt_1', 'sub_2');

    expect(second).not.toBe(first);
  });

  test('swapping event and subscription gives another id', () => {
    const first = deliveryId('evt_1', 'sub_1');

    const second = deliveryId('sub_1', 'evt_1');

    expect(second).not.toBe(first);
  });
});
