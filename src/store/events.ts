import type { Transaction } from 'kysely';
import { eventSubject, type ShopEvent } from '../events/catalog';
import type { Db } from './db';
import type { Database } from './schema';

type Executor = Db | Transaction<Database>;

/** Records an event once. Answers false when an event with this id was recorded before. */
export async function insertEvent(
  db: Executor,
  event: ShopEvent,
  origin: string | null,
): Promise<boolean> {
  const { shopId, orderId } = eventSubject(event);
  const result = await db
    .insertInto('events')
    .values({
      id: event.id,
      type: event.type,
      occurred_at: event.timestamp,
      data: JSON.stringify(event.data),
      shop_id: shopId,
      order_id: orderId ?? null,
      origin,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function getEvent(db: Executor, id: string): Promise<ShopEvent | undefined> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    type: row.type,
    timestamp: row.occurred_at,
    data: JSON.parse(row.data),
  } as ShopEvent;
}
