/**
 * The shapes the management API answers, taken from the server's own types so that the two
 * cannot drift apart. Type imports only: nothing of the server is loaded at run time.
 */
import type { Attempt, Delivery } from '../store/deliveries';
import type { IncomingEvent } from '../store/incoming';
import type { Source } from '../store/sources';
import type { Subscription } from '../store/subscriptions';

export type { Attempt, Delivery, IncomingEvent, Source, Subscription };

export interface Page<T> {
  data: T[];
  next: string | null;
}

export type DeliveryWithAttempts = Delivery & { attempts: Attempt[] };

export type SubscriptionWithSecret = Subscription & { secret: string };

export type RotatedSubscription = SubscriptionWithSecret & {
  previousSecretExpiresAt: string | null;
};

export type ResumedSubscription = Subscription & { released: number };

export type SourceView = Source & { url: string };

export type SourceWithSecret = SourceView & { secret: string };

export interface PortalLinkAnswer {
  url: string;
  expiresAt: string;
}

export interface TestEventAnswer {
  eventId: string;
  deliveryId: string;
}

export interface PublishAnswer {
  eventId: string;
  duplicate: boolean;
}

/** `GET /v1/deliveries`: changes oldest first; `next` is the `cursor` of the next poll. */
export interface ChangedDeliveries {
  data: Delivery[];
  next: string;
}

/** One change made through the management API, as `GET /v1/audit-log` lists it. */
export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  requestId: string;
  changes: Record<string, unknown>;
}
