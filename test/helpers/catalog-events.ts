import { randomUUID } from 'node:crypto';
import { eventExamples } from '../../src/events/examples';

const TIMESTAMP = '2026-11-30T09:15:00.000Z';

/** A valid ORDER_CREATED body as an external app sends it (no id), about a new order. */
export function orderCreatedBody(shopId: string) {
  const order = { ...eventExamples.ORDER_CREATED.order, id: `ord_${randomUUID()}`, shopId };
  return { type: 'ORDER_CREATED', timestamp: TIMESTAMP, data: { order } };
}

/** One valid body of each type an external app may send, all about one new order. */
export function incomingEventBodies(shopId: string): object[] {
  const created = orderCreatedBody(shopId);
  const { order } = created.data;
  return [
    created,
    { type: 'ORDER_UPDATED', timestamp: TIMESTAMP, data: { order: { ...order, version: 2 } } },
    {
      type: 'PAYMENT_STATUS_UPDATED',
      timestamp: TIMESTAMP,
      data: { ...eventExamples.PAYMENT_STATUS_UPDATED, orderId: order.id, shopId },
    },
    {
      type: 'SHIPPING_STATUS_UPDATED',
      timestamp: TIMESTAMP,
      data: { ...eventExamples.SHIPPING_STATUS_UPDATED, orderId: order.id, shopId },
    },
  ];
}
