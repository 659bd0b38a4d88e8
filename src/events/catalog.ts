import { z } from 'zod';
import { money } from './money';
import { isoDateTime, objectId, order } from './order';
import { deliveryFailed, subscriptionDisabled, subscriptionRecovered } from './operational';
import { paymentStatus, shippingStatus } from './statuses';

const orderCreated = z.object({ order }).strict();
const orderUpdated = z.object({ order }).strict();

const paymentStatusUpdated = z
  .object({
    orderId: objectId,
    shopId: objectId,
    version: z.number().int().positive(),
    paymentStatus,
    amount: money,
    provider: z.string().min(1).max(64).optional(),
    reference: z.string().min(1).max(200).optional(),
  })
  .strict();

const shippingStatusUpdated = z
  .object({
    orderId: objectId,
    shopId: objectId,
    version: z.number().int().positive(),
    shippingStatus,
    carrier: z.string().min(1).max(64).optional(),
    trackingNumber: z.string().min(1).max(100).optional(),
    trackingUrl: z.url().optional(),
  })
  .strict();

const microstoreClosed = z
  .object({
    microstore: z
      .object({ id: objectId, shopId: objectId, name: z.string().min(1).max(200) })
      .strict(),
    closedAt: isoDateTime,
    reason: z.string().max(500).optional(),
  })
  .strict();

/** The `data` schema of each event type: the single source of its type and JSON Schema. */
export const eventDataSchemas = {
  ORDER_CREATED: orderCreated,
  ORDER_UPDATED: orderUpdated,
  PAYMENT_STATUS_UPDATED: paymentStatusUpdated,
  SHIPPING_STATUS_UPDATED: shippingStatusUpdated,
  MICROSTORE_CLOSED: microstoreClosed,
  DELIVERY_FAILED: deliveryFailed,
  SUBSCRIPTION_DISABLED: subscriptionDisabled,
  SUBSCRIPTION_RECOVERED: subscriptionRecovered,
} as const;

export const eventTypes = Object.keys(eventDataSchemas) as EventType[];
export type EventType = keyof typeof eventDataSchemas;
export const eventType = z.enum(Object.keys(eventDataSchemas) as [EventType, ...EventType[]]);

/** Types the shop publishes; operational types are sent by hookline itself. */
export const publishedEventTypes: EventType[] = [
  'ORDER_CREATED',
  'ORDER_UPDATED',
  'PAYMENT_STATUS_UPDATED',
  'SHIPPING_STATUS_UPDATED',
  'MICROSTORE_CLOSED',
];

/** Types an external app may send to hookline; `MICROSTORE_CLOSED` only goes out. */
export const incomingEventTypes: EventType[] = [
  'ORDER_CREATED',
  'ORDER_UPDATED',
  'PAYMENT_STATUS_UPDATED',
  'SHIPPING_STATUS_UPDATED',
];

export type EventData<T extends EventType = EventType> = z.infer<(typeof eventDataSchemas)[T]>;

/** A validated event as it travels inside hookline and onto the wire. */
export type ShopEvent = {
  [T in EventType]: { id: string; type: T; timestamp: string; data: EventData<T> };
}[EventType];

export const eventDescriptions: Record<EventType, string> = {
  ORDER_CREATED: 'An order was placed. `data.order` is the full order at version 1 or later.',
  ORDER_UPDATED: 'An order changed. `data.order` is the full order at its new `version`.',
  PAYMENT_STATUS_UPDATED:
    "The payment status of an order changed. `version` is the order's version after the change.",
  SHIPPING_STATUS_UPDATED:
    "The shipping status of an order changed. `version` is the order's version after the change.",
  MICROSTORE_CLOSED: 'A microstore (a team or event storefront) was closed and takes no orders.',
  DELIVERY_FAILED:
    'Operational: a delivery gave up past its retry horizon. It is kept and can be replayed.',
  SUBSCRIPTION_DISABLED:
    'Operational: a subscription was disabled, after a 410 Gone or after failing without a break for too long.',
  SUBSCRIPTION_RECOVERED:
    'Operational: a subscription that hookline had disabled answered a delivery with 2xx again.',
};

export { eventSubject } from './subject';

/**
 * The order's version after the change an event reports, or null for events about no order.
 * Ordered delivery sorts by it; subscribers find it in the payload at the same place.
 */
export function orderVersion(event: ShopEvent): number | null {
  switch (event.type) {
    case 'ORDER_CREATED':
    case 'ORDER_UPDATED':
      return event.data.order.version;
    case 'PAYMENT_STATUS_UPDATED':
    case 'SHIPPING_STATUS_UPDATED':
      return event.data.version;
    default:
      return null;
  }
}
