/** Timestamps are ISO 8601 strings in UTC, so both SQLite and PostgreSQL sort them alike. */
type Iso = string;

export type SubscriptionStatus = 'active' | 'paused' | 'disabled' | 'deleted';

export interface SubscriptionsTable {
  id: string;
  url: string;
  /** JSON array of event types. */
  event_types: string;
  shop_id: string | null;
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Iso | null;
  status: SubscriptionStatus;
  status_reason: string | null;
  timeout_ms: number | null;
  retry_horizon_ms: number | null;
  /** The external app this subscription belongs to; its own incoming events skip it. */
  app_id: string | null;
  /** When the current run of failed attempts began; null while deliveries succeed. */
  failing_since: Iso | null;
  /** When hookline last disabled it (410 or failing too long); cleared by the next success. */
  disabled_at: Iso | null;
  /** JSON of the filter expression on event data; null delivers every event of its types. */
  filter: string | null;
  /** `order`: deliveries about one order go out one at a time, by the order's version. */
  ordering: SubscriptionOrdering;
  /** At most this many delivery attempts start per second, across all workers; null: no limit. */
  rate_limit_per_second: number | null;
  /** At most this many attempts are in flight at once, across all workers; null: no limit. */
  max_in_flight: number | null;
  /** Epoch ms before which no attempt starts: the subscriber answered 429 until then. */
  throttled_until_ms: number | null;
  /** Epoch ms of the next free start of the rate limit, handed out to waiting attempts. */
  next_slot_at_ms: number | null;
  created_at: Iso;
  updated_at: Iso;
}

export type SubscriptionOrdering = 'none' | 'order';

/**
 * One started delivery attempt of a throttled subscription: it counts against the rate while
 * it started less than a window ago, and against the in-flight limit until it finishes or
 * its lease expires (a worker that died mid-attempt frees its slot that way).
 */
export interface DeliverySlotsTable {
  id: string;
  subscription_id: string;
  delivery_id: string;
  started_at_ms: number;
  expires_at_ms: number;
  finished_at_ms: number | null;
}

export type SourceStatus = 'active' | 'disabled' | 'deleted';

export interface SourcesTable {
  id: string;
  name: string;
  shop_id: string;
  app_id: string;
  /** JSON array of event types. */
  event_types: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Iso | null;
  status: SourceStatus;
  created_at: Iso;
  updated_at: Iso;
}

export type IncomingStatus = 'accepted' | 'applied' | 'stale' | 'rejected' | 'published';

/** Every accepted incoming webhook; also the idempotency ledger on (source, webhook-id). */
export interface IncomingEventsTable {
  event_id: string;
  source_id: string;
  webhook_id: string;
  type: string;
  status: IncomingStatus;
  reason: string | null;
  received_at: Iso;
  updated_at: Iso;
}

export interface EventsTable {
  id: string;
  type: string;
  occurred_at: Iso;
  /** JSON of the event's data. */
  data: string;
  shop_id: string;
  order_id: string | null;
  origin: string | null;
  created_at: Iso;
}

export interface OrdersTable {
  id: string;
  shop_id: string;
  version: number;
  /** JSON snapshot of the order at `version`. */
  data: string;
  payment_status: string;
  shipping_status: string;
  /** `shop`, or the id of the source whose incoming event made the last change. */
  changed_by: string | null;
  created_at: Iso;
  updated_at: Iso;
}

export interface MicrostoresTable {
  id: string;
  shop_id: string;
  name: string;
  closed_at: Iso | null;
  updated_at: Iso;
}

/** Every status of a delivery, in the order a delivery usually passes them. */
export const deliveryStatuses = [
  'pending',
  'retrying',
  'held',
  'delivered',
  'failed',
  'cancelled',
  'filtered',
] as const;

export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface DeliveriesTable {
  id: string;
  event_id: string;
  subscription_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: Iso | null;
  last_error: string | null;
  /** Why hookline set the status itself; for `filtered`, the condition that failed. */
  status_reason: string | null;
  created_at: Iso;
  updated_at: Iso;
}

export interface AttemptsTable {
  id: string;
  delivery_id: string;
  attempt_number: number;
  started_at: Iso;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
}

/** One change made through the management API; written with the change it records. */
export interface AuditLogTable {
  /** Sorts by time (see `newId`), so the log pages by id. */
  id: string;
  at: Iso;
  /** The name of the token that made the change. */
  actor: string;
  /** `<resource type>.<past participle>`, e.g. `subscription.paused`. */
  action: string;
  resource_type: string;
  resource_id: string;
  request_id: string;
  /** JSON object of the changed fields; never a secret. */
  changes: string;
}

export interface Database {
  subscriptions: SubscriptionsTable;
  events: EventsTable;
  orders: OrdersTable;
  microstores: MicrostoresTable;
  deliveries: DeliveriesTable;
  attempts: AttemptsTable;
  sources: SourcesTable;
  incoming_events: IncomingEventsTable;
  audit_log: AuditLogTable;
  delivery_slots: DeliverySlotsTable;
}
