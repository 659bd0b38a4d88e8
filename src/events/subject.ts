import type { ShopEvent } from './catalog';

// Workflows call this (through their summaries), so it lives apart from the catalog's zod
// schemas: the workflow bundle then holds no zod, whose schemas would be built again for every
// workflow the worker runs.

/** The shop and order an event concerns, for routing, search and ordering. */
export function eventSubject(event: ShopEvent): { shopId: string; orderId: string | undefined } {
  switch (event.type) {
    case 'ORDER_CREATED':
    case 'ORDER_UPDATED':
      return { shopId: event.data.order.shopId, orderId: event.data.order.id };
    case 'PAYMENT_STATUS_UPDATED':
    case 'SHIPPING_STATUS_UPDATED':
      return { shopId: event.data.shopId, orderId: event.data.orderId };
    case 'MICROSTORE_CLOSED':
      return { shopId: event.data.microstore.shopId, orderId: undefined };
    case 'DELIVERY_FAILED':
    case 'SUBSCRIPTION_DISABLED':
    case 'SUBSCRIPTION_RECOVERED':
      // About a subscription, not a shop's order: it goes to subscriptions of every shop,
      // and to those of the concerned subscription's shop.
      return { shopId: event.data.shopId ?? '', orderId: undefined };
  }
}
