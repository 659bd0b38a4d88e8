import type { Selectable, Transaction } from 'kysely';
import { ValidationError } from '../errors';
import type { Db } from './db';
import type { AttemptsTable, Database, DeliveriesTable, DeliveryStatus } from './schema';

type Executor = Db | Transaction<Database>;

export const TERMINAL_STATUSES: DeliveryStatus[] = ['delivered', 'failed', 'cancelled', 'filtered'];
export const OPEN_STATUSES: DeliveryStatus[] = ['pending', 'retrying', 'held'];

/** The first bytes of a subscriber's answer that the log keeps. */
export const RESPONSE_BODY_LIMIT_BYTES = 4096;

export interface Attempt {
  attemptNumber: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
}

export interface Delivery {
  id: string;
  eventId: string;
  subscriptionId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** Why hookline gave the delivery its status; for `filtered`, the condition that failed. */
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A delivery as an event's planning creates it: pending, or filtered with its reason. */
export interface PlannedDeliveryRow {
  id: string;
  eventId: string;
  subscriptionId: string;
  eventType: string;
  filteredReason?: string | undefined;
}

function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    subscriptionId: row.subscription_id,
    eventType: row.event_type,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    statusReason: row.status_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toAttempt(row: Selectable<AttemptsTable>): Attempt {
  return {
    attemptNumber: row.attempt_number,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    error: row.error,
    responseBody: row.response_body,
  };
}

/** A place in a list ordered by a time and then by id, as an opaque token. */
export function encodeCursor(time: string, id: string): string {
  return Buffer.from(JSON.stringify([time, id])).toString('base64url');
}

/** @throws ValidationError (422) when the token was not made by `encodeCursor`. */
export function decodeCursor(cursor: string): [string, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
    return value as [string, string];
  }
  throw new ValidationError([
    {
      path: 'cursor',
      message: 'is not a cursor hookline gave out; pass the `next` of an earlier answer unchanged',
    },
  ]);
}

export class DeliveryStore {
  constructor(private readonly db: Db) {}

  /** Creates the delivery rows of an event; rows that exist already are left as they are. */
  static async insertPlanned(db: Executor, rows: PlannedDeliveryRow[]): Promise<void> {
    if (rows.length === 0) return;
    const now = new Date().toISOString();
    await db
      .insertInto('deliveries')
      .values(
        rows.map((row) => ({
          id: row.id,
          event_id: row.eventId,
          subscription_id: row.subscriptionId,
          event_type: row.eventType,
          status: row.filteredReason === undefined ? ('pending' as const) : ('filtered' as const),
          attempt_count: 0,
          next_attempt_at: null,
          last_error: null,
          status_reason: row.filteredReason ?? null,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async get(id: string): Promise<Delivery | undefined> {
    const row = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toDelivery(row);
  }

  async attempts(deliveryIds: string[]): Promise<Map<string, Attempt[]>> {
    const byDelivery = new Map<string, Attempt[]>(deliveryIds.map((id) => [id, []]));
    if (deliveryIds.length === 0) return byDelivery;
    const rows = await this.db
      .selectFrom('attempts')
      .selectAll()
      .where('delivery_id', 'in', deliveryIds)
      .orderBy('attempt_number')
      .execute();
    for (const row of rows) byDelivery.get(row.delivery_id)?.push(toAttempt(row));
    return byDelivery;
  }

  async setStatus(
    id: string,
    status: DeliveryStatus,
    fields: { nextAttemptAt?: string | null; lastError?: string | null } = {},
  ): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set({
        status,
        updated_at: new Date().toISOString(),
        ...(fields.nextAttemptAt !== undefined && { next_attempt_at: fields.nextAttemptAt }),
        ...(fields.lastError !== undefined && { last_error: fields.lastError }),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Appends one attempt to the log and counts it on the delivery, in one transaction. */
  async recordAttempt(
    deliveryId: string,
    attemptId: string,
    attempt: Attempt,
    status: DeliveryStatus,
    nextAttemptAt: string | null,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('attempts')
        .values({
          id: attemptId,
          delivery_id: deliveryId,
          attempt_number: attempt.attemptNumber,
          started_at: attempt.startedAt,
          duration_ms: attempt.durationMs,
          status_code: attempt.statusCode,
          error: attempt.error,
          response_body: attempt.responseBody,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await tx
        .updateTable('deliveries')
        .set({
          status,
          attempt_count: attempt.attemptNumber,
          next_attempt_at: nextAttemptAt,
          last_error: attempt.error,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', deliveryId)
        .execute();
    });
  }

  async listForSubscription(options: {
    subscriptionId: string;
    status?: DeliveryStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  }) {
    let query = this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('subscription_id', '=', options.subscriptionId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    if (options.cursor !== undefined) {
      const after = decodeCursor(options.cursor);
      const [createdAt, id] = after;
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', createdAt),
          eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
        ]),
      );
    }
    const rows = (await query.execute()).map(toDelivery);
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    const next =
      rows.length > options.limit && last !== undefined
        ? encodeCursor(last.createdAt, last.id)
        : null;
    return { data: page, next };
  }

  /**
   * Deliveries of every subscription changed after a place in the feed, oldest change first
   * (for tails). The place is an `updated_at` and an id, so rows that share a millisecond are
   * neither skipped nor repeated. Only changes made before `settledBefore` are listed: a
   * change whose transaction took until then to commit is not passed over by a reader that
   * saw a later one first.
   */
  async changedAfter(options: {
    after: readonly [string, string];
    settledBefore: string;
    limit: number;
  }) {
    const [time, id] = options.after;
    const rows = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('updated_at', '>', time),
          eb.and([eb('updated_at', '=', time), eb('id', '>', id)]),
        ]),
      )
      .where('updated_at', '<', options.settledBefore)
      .orderBy('updated_at')
      .orderBy('id')
      .limit(options.limit)
      .execute();
    return rows.map(toDelivery);
  }

  /** Deliveries of a subscription in the given statuses, optionally within a time range. */
  async find(options: {
    subscriptionId: string;
    statuses: DeliveryStatus[];
    since?: string | undefined;
    until?: string | undefined;
  }): Promise<Delivery[]> {
    let query = this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('subscription_id', '=', options.subscriptionId)
      .where('status', 'in', options.statuses)
      .orderBy('created_at');
    if (options.since !== undefined) query = query.where('created_at', '>=', options.since);
    if (options.until !== undefined) query = query.where('created_at', '<', options.until);
    return (await query.execute()).map(toDelivery);
  }
}
