import type { ShopEvent } from '../events/catalog';

export interface EventWorkflowInput {
  event: ShopEvent;
  /** Who sent it: `shop` for the shop backend, or the id of an incoming source. */
  origin: string;
  /** The app behind an incoming source; its own subscriptions do not get the event back. */
  originAppId?: string | null;
}

export interface PlannedDelivery {
  deliveryId: string;
  subscriptionId: string;
  retryScheduleMs: number[];
  retryHorizonMs: number;
}

export interface AcceptedEvent {
  /** False when the event id was seen before; its deliveries then exist already. */
  isNew: boolean;
  shopId: string;
  orderId: string | null;
  deliveries: PlannedDelivery[];
}

export interface EventWorkflowResult {
  eventId: string;
  deliveriesStarted: number;
}
