import type { Selectable } from 'kysely';
import type { Db } from './db';
import type { IncomingEventsTable, IncomingStatus } from './schema';

export interface IncomingEvent {
  eventId: string;
  sourceId: string;
  webhookId: string;
  type: string;
  status: IncomingStatus;
  reason: string | null;
  receivedAt: string;
  updatedAt: string;
}

function toIncoming(row: Selectable<IncomingEventsTable>): IncomingEvent {
  return {
    eventId: row.event_id,
    sourceId: row.source_id,
    webhookId: row.webhook_id,
    type: row.type,
    status: row.status,
    reason: row.reason,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

/** The record of incoming webhooks, which is also their idempotency ledger. */
export class IncomingStore {
  constructor(private readonly db: Db) {}

  async get(eventId: string): Promise<IncomingEvent | undefined> {
    const row = await this.db
      .selectFrom('incoming_events')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return row === undefined ? undefined : toIncoming(row);
  }

  async findByWebhookId(sourceId: string, webhookId: string): Promise<IncomingEvent | undefined> {
    const row = await this.db
      .selectFrom('incoming_events')
      .selectAll()
      .where('source_id', '=', sourceId)
      .where('webhook_id', '=', webhookId)
      .executeTakeFirst();
    return row === undefined ? undefined : toIncoming(row);
  }

  /** Records an accepted webhook once; a second call for the same event changes nothing. */
  async recordAccepted(entry: {
    eventId: string;
    sourceId: string;
    webhookId: string;
    type: string;
  }): Promise<void> {
    const now = new Date().toISOString();
    await this.db
      .insertInto('incoming_events')
      .values({
        event_id: entry.eventId,
        source_id: entry.sourceId,
        webhook_id: entry.webhookId,
        type: entry.type,
        status: 'accepted',
        reason: null,
        received_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async setStatus(eventId: string, status: IncomingStatus, reason: string | null = null) {
    await this.db
      .updateTable('incoming_events')
      .set({ status, reason, updated_at: new Date().toISOString() })
      .where('event_id', '=', eventId)
      .execute();
  }
}
