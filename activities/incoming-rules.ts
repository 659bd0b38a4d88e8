import type { ShopEvent } from '../src/events/catalog';
import type { Order } from '../src/events/order';
import {
  isAllowedTransition,
  paymentTransitions,
  shippingTransitions,
} from '../src/events/statuses';

function transitionProblem(current: Order, next: Partial<Order>): string | undefined {
  if (
    next.paymentStatus !== undefined &&
    !isAllowedTransition(paymentTransitions, current.paymentStatus, next.paymentStatus)
  ) {
    return `payment status may not go from ${current.paymentStatus} to ${next.paymentStatus}`;
  }
  if (
    next.shippingStatus !== undefined &&
    !isAllowedTransition(shippingTransitions, current.shippingStatus, next.shippingStatus)
  ) {
    return `shipping status may not go from ${current.shippingStatus} to ${next.shippingStatus}`;
  }
  return undefined;
}

/**
 * Why the shop's current state refuses an incoming event, or undefined when it may apply.
 * An event that is not newer than the stored order is not refused here: applying it is a
 * no-op that the caller reports as stale.
 */
export function incomingProblem(event: ShopEvent, stored: Order | undefined): string | undefined {
  switch (event.type) {
    case 'ORDER_CREATED': {
      if (stored === undefined) return undefined;
      return stored.version >= event.data.order.version
        ? undefined
        : `order ${stored.id} exists already; send ORDER_UPDATED to change it`;
    }
    case 'ORDER_UPDATED': {
      const next = event.data.order;
      if (stored === undefined) return `order ${next.id} is unknown`;
      if (stored.version >= next.version) return undefined;
      if (stored.shopId !== next.shopId) return `order ${next.id} belongs to another shop`;
      if (stored.currency !== next.currency) {
        return `currency ${next.currency} does not match the order's ${stored.currency}`;
      }
      return transitionProblem(stored, next);
    }
    case 'PAYMENT_STATUS_UPDATED':
    case 'SHIPPING_STATUS_UPDATED': {
      const data = event.data;
      if (stored === undefined) return `order ${data.orderId} is unknown`;
      if (stored.version >= data.version) return undefined;
      if (stored.shopId !== data.shopId) return `order ${data.orderId} belongs to another shop`;
      if ('amount' in data && data.amount.currency !== stored.currency) {
        return `currency ${data.amount.currency} does not match the order's ${stored.currency}`;
      }
      return 'paymentStatus' in data
        ? transitionProblem(stored, { paymentStatus: data.paymentStatus })
        : transitionProblem(stored, { shippingStatus: data.shippingStatus });
    }
    case 'MICROSTORE_CLOSED':
    case 'DELIVERY_FAILED':
    case 'SUBSCRIPTION_DISABLED':
    case 'SUBSCRIPTION_RECOVERED':
      return `${event.type} is never sent by an external app`;
  }
}
