import type { DeliveryInput } from '../../src/contracts/delivery';
import type { QueuedDelivery } from '../../src/contracts/ordered';
import { OrderedQueue, SEEN_KEYS_KEPT } from '../../workflows/ordered-queue';

function queued(id: string, version: number, key = `${id}:planned`): QueuedDelivery {
  const delivery: DeliveryInput = {
    deliveryId: id,
    eventId: `evt_${id}`,
    eventType: 'ORDER_UPDATED',
    subscriptionId: 'sub_1',
    shopId: 'shop_1',
    orderId: 'ord_1',
    retryScheduleMs: [0],
    retryHorizonMs: 60_000,
    targetUrl: 'https://example.com/hook',
  };
  return { key, version, delivery };
}

const order = (queue: OrderedQueue) => queue.items().map((item) => item.delivery.deliveryId);

describe('ordered queue', () => {
  test('deliveries added out of order are taken lowest version first', () => {
    const queue = new OrderedQueue();

    queue.add(queued('c', 3));
    queue.add(queued('a', 1));
    queue.add(queued('b', 2));

    expect([queue.take(), queue.take(), queue.take()].map((i) => i?.version)).toEqual([1, 2, 3]);
    expect(queue.take()).toBeUndefined();
  });

  test('equal versions keep the order in which they came', () => {
    const queue = new OrderedQueue();

    queue.add(queued('first', 2));
    queue.add(queued('second', 2));
    queue.add(queued('lower', 1));

    expect(order(queue)).toEqual(['lower', 'first', 'second']);
  });

  test('a key seen before adds nothing, also after its delivery was taken', () => {
    const queue = new OrderedQueue();
    queue.add(queued('a', 1));
    queue.take();

    const again = queue.add(queued('a', 1));

    expect(again).toBe(false);
    expect(queue.size).toBe(0);
  });

  test('a replay of a delivered delivery comes with a new key and is queued again', () => {
    const queue = new OrderedQueue();
    queue.add(queued('a', 1));
    queue.take();

    const replay = queue.add(queued('a', 1, 'a:replay:1'));

    expect(replay).toBe(true);
    expect(order(queue)).toEqual(['a']);
  });

  test('a queue rebuilt from a carried state keeps its order and still knows the keys', () => {
    const before = new OrderedQueue();
    before.add(queued('b', 2));
    before.add(queued('a', 1));
    before.take();

    const after = new OrderedQueue(before.items(), before.recentKeys());

    expect(order(after)).toEqual(['b']);
    expect(after.add(queued('a', 1))).toBe(false);
  });

  test('the keys carried on are bounded', () => {
    const queue = new OrderedQueue();

    for (let n = 0; n < 3 * SEEN_KEYS_KEPT; n++) {
      queue.add(queued(`d${n}`, n));
      queue.take();
    }

    expect(queue.recentKeys()).toHaveLength(SEEN_KEYS_KEPT);
    expect(queue.add(queued(`d${3 * SEEN_KEYS_KEPT - 1}`, 1))).toBe(false);
  });
});
