import { type Selectable, sql } from 'kysely';
import type { EventType } from '../events/catalog';
import type { FilterExpression } from '../filters';
import { newId } from '../ids';
import { type RotatingSecret, rotatedSecretColumns } from '../webhooks/secret';
import type { SealedSecret } from '../crypto/secret-box';
import type { Db } from './db';
import type { SubscriptionOrdering, SubscriptionStatus, SubscriptionsTable } from './schema';

export interface Subscription {
  id: string;
  url: string;
  eventTypes: EventType[];
  shopId: string | null;
  description: string | null;
  status: SubscriptionStatus;
  statusReason: string | null;
  timeoutMs: number | null;
  retryHorizonMs: number | null;
  appId: string | null;
  /** Conditions on event data; events that fail them are logged as filtered, not sent. */
  filter: FilterExpression | null;
  /** `order`: deliveries about one order arrive one at a time, in the order's version order. */
  ordering: SubscriptionOrdering;
  /** Attempts that may start per second across all workers; null: no limit. */
  rateLimitPerSecond: number | null;
  /** Attempts that may be in flight at once across all workers; null: no limit. */
  maxInFlight: number | null;
  /** Until when the subscriber asked (with 429) to get nothing; null when it did not. */
  throttledUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A subscription with its secrets as stored: encrypted (see `liveSecrets` to use them). */
export interface SubscriptionWithSecrets extends Subscription, RotatingSecret {}

export interface NewSubscription {
  url: string;
  eventTypes: EventType[];
  shopId?: string | undefined;
  description?: string | undefined;
  timeoutMs?: number | undefined;
  retryHorizonMs?: number | undefined;
  appId?: string | undefined;
  filter?: FilterExpression | null | undefined;
  ordering?: SubscriptionOrdering | undefined;
  rateLimitPerSecond?: number | null | undefined;
  maxInFlight?: number | null | undefined;
}

export type SubscriptionChanges = Partial<NewSubscription>;

function toSubscription(row: Selectable<SubscriptionsTable>): SubscriptionWithSecrets {
  return {
    id: row.id,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as EventType[],
    shopId: row.shop_id,
    description: row.description,
    status: row.status,
    statusReason: row.status_reason,
    timeoutMs: row.timeout_ms,
    retryHorizonMs: row.retry_horizon_ms,
    appId: row.app_id,
    filter: row.filter === null ? null : (JSON.parse(row.filter) as FilterExpression),
    ordering: row.ordering,
    rateLimitPerSecond: row.rate_limit_per_second,
    maxInFlight: row.max_in_flight,
    throttledUntil:
      row.throttled_until_ms === null || row.throttled_until_ms <= Date.now()
        ? null
        : new Date(row.throttled_until_ms).toISOString(),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    secret: row.secret as SealedSecret,
    previousSecret: row.previous_secret as SealedSecret | null,
    previousSecretExpiresAt: row.previous_secret_expires_at,
  };
}

/** The public view: everything but the secrets. */
export function withoutSecrets(subscription: SubscriptionWithSecrets): Subscription {
  const { secret: _s, previousSecret: _p, previousSecretExpiresAt: _e, ...rest } = subscription;
  return rest;
}

export class SubscriptionStore {
  constructor(private readonly db: Db) {}

  /** Creates a subscription with a secret that the caller generated and sealed. */
  async create(
    input: NewSubscription,
    sealedSecret: SealedSecret,
  ): Promise<SubscriptionWithSecrets> {
    const now = new Date().toISOString();
    const row = {
      id: newId('sub'),
      url: input.url,
      event_types: JSON.stringify(input.eventTypes),
      shop_id: input.shopId ?? null,
      description: input.description ?? null,
      secret: sealedSecret as string,
      previous_secret: null,
      previous_secret_expires_at: null,
      status: 'active' as const,
      status_reason: null,
      timeout_ms: input.timeoutMs ?? null,
      retry_horizon_ms: input.retryHorizonMs ?? null,
      app_id: input.appId ?? null,
      failing_since: null,
      disabled_at: null,
      filter: input.filter == null ? null : JSON.stringify(input.filter),
      ordering: input.ordering ?? 'none',
      rate_limit_per_second: input.rateLimitPerSecond ?? null,
      max_in_flight: input.maxInFlight ?? null,
      throttled_until_ms: null,
      next_slot_at_ms: null,
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('subscriptions').values(row).execute();
    return toSubscription(row);
  }

  /** The subscription, or undefined when it does not exist or was deleted. */
  async get(id: string): Promise<SubscriptionWithSecrets | undefined> {
    const row = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', id)
      .where('status', '!=', 'deleted')
      .executeTakeFirst();
    return row === undefined ? undefined : toSubscription(row);
  }

  /** Like get, but also answers deleted subscriptions, for deliveries that must learn it. */
  async getIncludingDeleted(id: string): Promise<SubscriptionWithSecrets | undefined> {
    const row = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toSubscription(row);
  }

  /** How many live (not deleted) subscriptions the shop has; null counts those without one. */
  async countLive(shopId: string | null): Promise<number> {
    const row = await this.db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '!=', 'deleted')
      .where('shop_id', shopId === null ? 'is' : '=', shopId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async list(options: { limit: number; after?: string | undefined }) {
    let query = this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('status', '!=', 'deleted')
      .orderBy('id')
      .limit(options.limit + 1);
    if (options.after !== undefined) query = query.where('id', '>', options.after);
    const rows = (await query.execute()).map(toSubscription);
    const page = rows.slice(0, options.limit);
    return { data: page, next: rows.length > options.limit ? page.at(-1)!.id : null };
  }

  async update(id: string, changes: SubscriptionChanges) {
    const values: Partial<SubscriptionsTable> = { updated_at: new Date().toISOString() };
    if (changes.url !== undefined) values.url = changes.url;
    if (changes.eventTypes !== undefined) values.event_types = JSON.stringify(changes.eventTypes);
    if (changes.shopId !== undefined) values.shop_id = changes.shopId;
    if (changes.description !== undefined) values.description = changes.description;
    if (changes.timeoutMs !== undefined) values.timeout_ms = changes.timeoutMs;
    if (changes.retryHorizonMs !== undefined) values.retry_horizon_ms = changes.retryHorizonMs;
    if (changes.appId !== undefined) values.app_id = changes.appId;
    if (changes.filter !== undefined) {
      values.filter = changes.filter === null ? null : JSON.stringify(changes.filter);
    }
    if (changes.ordering !== undefined) values.ordering = changes.ordering;
    if (changes.rateLimitPerSecond !== undefined) {
      values.rate_limit_per_second = changes.rateLimitPerSecond;
    }
    if (changes.maxInFlight !== undefined) values.max_in_flight = changes.maxInFlight;
    await this.db
      .updateTable('subscriptions')
      .set(values)
      .where('id', '=', id)
      .where('status', '!=', 'deleted')
      .execute();
    return this.get(id);
  }

  /**
   * Changes the status. Back to `active`, a subscription that was failing starts a new span
   * before it can be disabled again, and still counts as recovering until a delivery succeeds.
   */
  async setStatus(id: string, status: SubscriptionStatus, reason: string | null = null) {
    const now = new Date().toISOString();
    await this.db
      .updateTable('subscriptions')
      .set({
        status,
        status_reason: reason,
        updated_at: now,
        ...(status === 'active' && {
          failing_since: sql<
            string | null
          >`case when failing_since is null then null else ${now} end`,
        }),
      })
      .where('id', '=', id)
      .where('status', '!=', 'deleted')
      .execute();
    return this.get(id);
  }

  /** Disables an active subscription; answers false when it was not active (someone else won). */
  async disableIfActive(id: string, reason: string): Promise<boolean> {
    const now = new Date().toISOString();
    const result = await this.db
      .updateTable('subscriptions')
      .set({ status: 'disabled', status_reason: reason, updated_at: now, disabled_at: now })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Asks every attempt of the subscription to wait until `untilMs` (the subscriber answered
   * 429); an earlier ask never shortens a later one.
   */
  async throttleUntil(id: string, untilMs: number): Promise<void> {
    await this.db
      .updateTable('subscriptions')
      .set({ throttled_until_ms: untilMs })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('throttled_until_ms', 'is', null), eb('throttled_until_ms', '<', untilMs)]),
      )
      .execute();
  }

  /** Notes a failed attempt; answers when the current run of failures began. */
  async markFailing(id: string, now: Date): Promise<string> {
    await this.db
      .updateTable('subscriptions')
      .set({ failing_since: now.toISOString() })
      .where('id', '=', id)
      .where('failing_since', 'is', null)
      .execute();
    const row = await this.db
      .selectFrom('subscriptions')
      .select('failing_since')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.failing_since ?? now.toISOString();
  }

  /**
   * Notes a successful attempt: the subscription is healthy again. Answers when hookline had
   * disabled it, if it had since (and no other delivery answered first), else null.
   */
  async noteSuccess(id: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('subscriptions')
      .select(['failing_since', 'disabled_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined || (row.failing_since === null && row.disabled_at === null)) return null;
    let query = this.db
      .updateTable('subscriptions')
      .set({ failing_since: null, disabled_at: null })
      .where('id', '=', id);
    query =
      row.disabled_at === null
        ? query.where('disabled_at', 'is', null)
        : query.where('disabled_at', '=', row.disabled_at);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 ? row.disabled_at : null;
  }

  /** Replaces the secret; the old one keeps signing for a day (see rotatedSecretColumns). */
  async rotateSecret(id: string, sealedSecret: SealedSecret, now: Date = new Date()) {
    const current = await this.get(id);
    if (current === undefined) return undefined;
    await this.db
      .updateTable('subscriptions')
      .set(rotatedSecretColumns(current.secret, sealedSecret, now))
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }

  /**
   * Subscriptions of any live status that want this event type for this shop, except those
   * of `excludeAppId`: an app does not get its own changes echoed back.
   */
  async matching(
    eventType: EventType,
    shopId: string,
    excludeAppId: string | null = null,
  ): Promise<Subscription[]> {
    let query = this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('status', '!=', 'deleted')
      .where((eb) => eb.or([eb('shop_id', 'is', null), eb('shop_id', '=', shopId)]))
      .orderBy('id');
    if (excludeAppId !== null) {
      query = query.where((eb) =>
        eb.or([eb('app_id', 'is', null), eb('app_id', '!=', excludeAppId)]),
      );
    }
    const rows = await query.execute();
    return rows
      .map(toSubscription)
      .filter((sub) => sub.eventTypes.includes(eventType))
      .map(withoutSecrets);
  }
}
