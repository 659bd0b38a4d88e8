import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeliveryInput } from './delivery';

/** One delivery waiting for its turn among the deliveries of one order to one subscription. */
export interface QueuedDelivery {
  /**
   * What makes a request to deliver unique: the same key twice is one delivery. A planned
   * delivery has `<deliveryId>:planned`; a replay a fresh key, so it runs again.
   */
  key: string;
  /** The order's version after the change; the queue goes from the lowest up. */
  version: number;
  delivery: DeliveryInput;
}

export interface OrderedDeliveryInput {
  subscriptionId: string;
  orderId: string;
  shopId: string;
  /** Deliveries carried over from the previous run (continue-as-new). */
  queue: QueuedDelivery[];
  /** Keys seen lately, carried over so a repeated signal is still recognised. */
  seenKeys: string[];
  /** Deliveries finished in all runs before this one, for the UI. */
  finishedBefore: number;
}

export interface OrderedDeliveryView {
  /** The delivery whose workflow is running now, if any. */
  current: { deliveryId: string; version: number } | null;
  waiting: { deliveryId: string; version: number }[];
  finished: number;
}

/** Adds deliveries to the queue of one subscription and order. */
export const enqueueSignal = defineSignal<[QueuedDelivery[]]>('enqueue');
export const orderedStatusQuery = defineQuery<OrderedDeliveryView>('orderedStatus');

export const orderedWorkflowId = (subscriptionId: string, orderId: string) =>
  `ordered:${subscriptionId}:${orderId}`;

export const plannedKey = (deliveryId: string) => `${deliveryId}:planned`;

/** The one-line summary the Temporal UI shows for the queue of one order. */
export function orderedSummary(input: { subscriptionId: string; orderId: string }): string {
  return `Deliver the changes of order ${input.orderId} to ${input.subscriptionId} in version order`;
}
