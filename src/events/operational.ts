import { z } from 'zod';
import { isoDateTime, objectId } from './order';

const subscriptionRef = {
  subscriptionId: z.string().min(1).max(64),
  url: z.url(),
  /** The shop the subscription is scoped to; absent for a subscription of every shop. */
  shopId: objectId.optional(),
};

/** A delivery gave up past its retry horizon; it is kept and can be replayed. */
export const deliveryFailed = z
  .object({
    ...subscriptionRef,
    deliveryId: z.string().min(1),
    eventId: z.string().min(1),
    eventType: z.string().min(1),
    attempts: z.number().int().nonnegative(),
    lastError: z.string(),
    failedAt: isoDateTime,
  })
  .strict();

/** A subscription stopped receiving: its endpoint answered 410, or it failed for too long. */
export const subscriptionDisabled = z
  .object({ ...subscriptionRef, reason: z.string(), disabledAt: isoDateTime })
  .strict();

/** A subscription that hookline had disabled answered a delivery with 2xx again. */
export const subscriptionRecovered = z
  .object({ ...subscriptionRef, disabledAt: isoDateTime, recoveredAt: isoDateTime })
  .strict();

/** Event types about hookline's own deliveries, which operators subscribe to like any other. */
export const operationalEventTypes = [
  'DELIVERY_FAILED',
  'SUBSCRIPTION_DISABLED',
  'SUBSCRIPTION_RECOVERED',
] as const;

export type OperationalEventType = (typeof operationalEventTypes)[number];

/** What an attempt asks the delivery workflow to announce, without id and time yet. */
export type OperationalNotice =
  | { type: 'DELIVERY_FAILED'; data: z.infer<typeof deliveryFailed> }
  | { type: 'SUBSCRIPTION_DISABLED'; data: z.infer<typeof subscriptionDisabled> }
  | { type: 'SUBSCRIPTION_RECOVERED'; data: z.infer<typeof subscriptionRecovered> };

export function isOperationalEventType(type: string): type is OperationalEventType {
  return (operationalEventTypes as readonly string[]).includes(type);
}
