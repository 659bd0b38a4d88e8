import type { Priority } from '@temporalio/common';
import type { ShopEvent } from '../events/catalog';
import { eventSubject } from '../events/subject';

export interface EventWorkflowInput {
  event: ShopEvent;
  /** Who sent it: `shop` for the shop backend, or the id of an incoming source. */
  origin: string;
  /** The app behind an incoming source; its own subscriptions do not get the event back. */
  originAppId?: string | null;
  /** Which door the event came through, for metrics: `api`, `client`, `incoming`, `test`. */
  door?: string;
  /** A test event for one subscription: delivered to it alone, the order store untouched. */
  testSubscriptionId?: string;
}

export interface PlannedDelivery {
  deliveryId: string;
  subscriptionId: string;
  retryScheduleMs: number[];
  retryHorizonMs: number;
  /** The subscription's URL when planned, for summaries; attempts read the current one. */
  targetUrl: string;
  /** The subscription wants the deliveries of one order in version order. */
  ordered?: boolean;
}

export interface AcceptedEvent {
  /** False when the event id was seen before; its deliveries then exist already. */
  isNew: boolean;
  shopId: string;
  orderId: string | null;
  /** The order's version after the change; null for events about no order. */
  orderVersion?: number | null;
  deliveries: PlannedDelivery[];
  /** Subscriptions whose filter the event failed; absent in results recorded before filters. */
  filtered?: number;
}

export interface EventWorkflowResult {
  eventId: string;
  deliveriesStarted: number;
  /** Subscriptions that heard the event type but whose filter the event failed. */
  deliveriesFiltered?: number;
}

/** The one-line summary the Temporal UI shows for an event workflow. */
export function eventSummary(event: ShopEvent, origin: string): string {
  const { shopId, orderId } = eventSubject(event);
  const order = orderId === undefined ? '' : `, order ${orderId}`;
  return `${event.type} ${event.id} from ${origin} for ${shopId}${order}`;
}

/**
 * The task queue's fairness key of an event's workflows (incoming, event) and of their tasks:
 * the shop. Waiting tasks are dispatched round-robin across shops, so one shop's burst or
 * large fan-out does not hold back another shop's events; deliveries take their subscription's
 * key instead (`deliveryPriority`). Shop ids are ASCII of at most 64 characters, within
 * Temporal's 64-byte limit.
 */
export function eventPriority(shopId: string): Priority {
  return { fairnessKey: shopId };
}
