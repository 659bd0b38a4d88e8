import { eventSubject, type ShopEvent } from '../../src/events/catalog';
import { eventExamples } from '../../src/events/examples';

const envelope = { id: 'evt_1', timestamp: '2026-11-30T09:15:00.000Z' };

describe('eventSubject', () => {
  test('an order event concerns the shop and id of its order', () => {
    const order = { ...eventExamples.ORDER_UPDATED.order, id: 'ord_2', shopId: 'shop_b' };
    const event: ShopEvent = { ...envelope, type: 'ORDER_UPDATED', data: { order } };

    const subject = eventSubject(event);

    expect(subject).toEqual({ shopId: 'shop_b', orderId: 'ord_2' });
  });

  test('a payment status event concerns its shopId and orderId', () => {
    const data = { ...eventExamples.PAYMENT_STATUS_UPDATED, orderId: 'ord_3', shopId: 'shop_c' };
    const event: ShopEvent = { ...envelope, type: 'PAYMENT_STATUS_UPDATED', data };

    const subject = eventSubject(event);

    expect(subject).toEqual({ shopId: 'shop_c', orderId: 'ord_3' });
  });

  test('a shipping status event concerns its shopId and orderId', () => {
    const data = { ...eventExamples.SHIPPING_STATUS_UPDATED, orderId: 'ord_4', shopId: 'shop_d' };
    const event: ShopEvent = { ...envelope, type: 'SHIPPING_STATUS_UPDATED', data };

    const subject = eventSubject(event);

    expect(subject).toEqual({ shopId: 'shop_d', orderId: 'ord_4' });
  });

  test('a closed microstore concerns the shop of the microstore and no order', () => {
    const example = eventExamples.MICROSTORE_CLOSED;
    const data = { ...example, microstore: { ...example.microstore, shopId: 'shop_e' } };
    const event: ShopEvent = { ...envelope, type: 'MICROSTORE_CLOSED', data };

    const subject = eventSubject(event);

    expect(subject).toEqual({ shopId: 'shop_e', orderId: undefined });
  });
});
