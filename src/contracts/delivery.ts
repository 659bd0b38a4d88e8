import type { Priority } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EventType } from '../events/catalog';
import type { OperationalNotice } from '../events/operational';
import { searchAttributes } from './search-attributes';

export type DeliveryState = 'pending' | 'retrying' | 'held' | 'delivered' | 'failed' | 'cancelled';

/** What the event workflow hands to each delivery workflow. */
export interface DeliveryInput {
  deliveryId: string;
  eventId: string;
  eventType: EventType;
  subscriptionId: string;
  shopId: string;
  orderId: string | null;
  /** Delay before each attempt; the last value repeats until the horizon. */
  retryScheduleMs: number[];
  /** How long after its start (or its release from hold) a delivery may keep trying. */
  retryHorizonMs: number;
  /** The subscription's URL when planned, for summaries; attempts read the current one. */
  targetUrl: string;
}

export interface DeliveryStatusView {
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

/** The result of one call of the attempt activity, as the workflow acts on it. */
export type AttemptResult = (
  | { kind: 'delivered'; attemptNumber: number; statusCode: number }
  | { kind: 'retry'; attemptNumber: number; delayMs: number; error: string }
  | { kind: 'failed'; attemptNumber: number; error: string }
  | { kind: 'held'; reason: 'paused' | 'disabled' }
  | { kind: 'cancelled'; reason: string }
  | {
      /** The subscription's limits let no attempt start now; no attempt number was spent. */
      kind: 'throttled';
      reason: 'rate' | 'in-flight' | '429';
      delayMs: number;
      /** The turn to present on the next try, so the delivery keeps its place. */
      turnAtMs: number;
    }
) & {
  /** An operational event the workflow publishes: failed for good, disabled, recovered. */
  notice?: OperationalNotice;
};

export const workflowIds = {
  event: (eventId: string) => `event:${eventId}`,
  delivery: (eventId: string, subscriptionId: string) => `delivery:${eventId}:${subscriptionId}`,
};

/** Resume of a paused or disabled subscription, or of a held delivery: it tries again. */
export const releaseSignal = defineSignal('release');
/** An operator holds one delivery: no attempt until `release`. */
export const holdSignal = defineSignal('hold');
/** An operator asks for the next attempt now instead of at its scheduled time. */
export const retryNowSignal = defineSignal('retryNow');
export const deliveryStatusQuery = defineQuery<DeliveryStatusView>('deliveryStatus');

/** The one-line summary the Temporal UI shows for a delivery workflow. */
export function deliverySummary(input: DeliveryInput): string {
  return `Deliver ${input.eventType} ${input.eventId} to ${input.targetUrl} (${input.subscriptionId})`;
}

/**
 * The search attributes a delivery workflow starts with, whichever door starts it (an event
 * workflow, an ordered queue, or a replay), so every run is found by the same filters at once.
 */
export function deliveryStartAttributes(input: DeliveryInput) {
  return [
    { key: searchAttributes.eventType, value: input.eventType },
    { key: searchAttributes.shopId, value: input.shopId },
    { key: searchAttributes.subscriptionId, value: input.subscriptionId },
    { key: searchAttributes.deliveryState, value: 'pending' },
    { key: searchAttributes.attempt, value: 0 },
    ...(input.orderId === null ? [] : [{ key: searchAttributes.orderId, value: input.orderId }]),
  ];
}

/**
 * The task queue's fairness key of a delivery's workflow and its attempts: its subscription.
 * Temporal then dispatches waiting tasks round-robin across subscriptions, so the backlog of
 * one (a resumed pause, a throttled or slow endpoint) does not queue up in front of another's
 * new deliveries. Ordered queues of a subscription take the same key.
 */
export function deliveryPriority(subscriptionId: string): Priority {
  return { fairnessKey: subscriptionId };
}
