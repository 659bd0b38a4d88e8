import type { ShopEvent } from '../events/catalog';

export interface IncomingWorkflowInput {
  event: ShopEvent;
  sourceId: string;
  webhookId: string;
  /** The app behind the source; its own subscriptions do not get the change echoed back. */
  appId: string;
}

export interface IncomingWorkflowResult {
  eventId: string;
  status: 'published' | 'stale';
}

/** The error type of an incoming event that the shop's state refuses; never retried. */
export const INCOMING_REJECTED = 'IncomingEventRejected';

export const incomingWorkflowId = (eventId: string) => `incoming:${eventId}`;
