import { z } from 'zod';

export const paymentStatuses = [
  'pending',
  'authorized',
  'paid',
  'partially_refunded',
  'refunded',
  'failed',
  'voided',
] as const;
export const paymentStatus = z.enum(paymentStatuses);
export type PaymentStatus = z.infer<typeof paymentStatus>;

/** Which payment status may follow which. A status may always be repeated. */
export const paymentTransitions: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['authorized', 'paid', 'failed', 'voided'],
  authorized: ['paid', 'failed', 'voided'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  failed: ['pending', 'authorized', 'paid'],
  voided: [],
};

export const shippingStatuses = [
  'unfulfilled',
  'processing',
  'shipped',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'returned',
  'cancelled',
] as const;
export const shippingStatus = z.enum(shippingStatuses);
export type ShippingStatus = z.infer<typeof shippingStatus>;

/** Which shipping status may follow which. A status may always be repeated. */
export const shippingTransitions: Record<ShippingStatus, readonly ShippingStatus[]> = {
  unfulfilled: ['processing', 'shipped', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['in_transit', 'out_for_delivery', 'delivered', 'returned'],
  in_transit: ['out_for_delivery', 'delivered', 'returned'],
  out_for_delivery: ['delivered', 'returned'],
  delivered: ['returned'],
  returned: [],
  cancelled: [],
};

/** True when `to` may follow `from` under the given transition table. */
export function isAllowedTransition<S extends string>(
  table: Record<S, readonly S[]>,
  from: S,
  to: S,
): boolean {
  return from === to || table[from].includes(to);
}
