import type { Transaction } from 'kysely';
import type { ShopEvent } from '../events/catalog';
import type { Order } from '../events/order';
import type { Db } from './db';
import type { Database } from './schema';

type Executor = Db | Transaction<Database>;

export interface StoredOrder {
  order: Order;
  updatedAt: string;
}

export type ApplyOutcome = 'applied' | 'stale' | 'unknown_order';

async function saveSnapshot(db: Executor, order: Order, now: string): Promise<ApplyOutcome> {
  const existing = await db
    .selectFrom('orders')
    .select('version')
    .where('id', '=', order.id)
    .executeTakeFirst();
  const row = {
    shop_id: order.shopId,
    version: order.version,
    data: JSON.stringify(order),
    payment_status: order.paymentStatus,
    shipping_status: order.shippingStatus,
    updated_at: now,
  };
  if (existing === undefined) {
    await db
      .insertInto('orders')
      .values({ id: order.id, created_at: now, ...row })
      .execute();
    return 'applied';
  }
  if (existing.version >= order.version) return 'stale';
  await db
    .updateTable('orders')
    .set(row)
    .where('id', '=', order.id)
    .where('version', '<', order.version)
    .execute();
  return 'applied';
}

async function saveStatus(
  db: Executor,
  change: { orderId: string; version: number } & (
    | { paymentStatus: Order['paymentStatus'] }
    | { shippingStatus: Order['shippingStatus'] }
  ),
  now: string,
): Promise<ApplyOutcome> {
  const current = await getOrder(db, change.orderId);
  if (current === undefined) return 'unknown_order';
  if (current.order.version >= change.version) return 'stale';
  const { orderId: _id, ...fields } = change;
  return saveSnapshot(db, { ...current.order, ...fields, updatedAt: now }, now);
}

export async function getOrder(db: Executor, id: string): Promise<StoredOrder | undefined> {
  const row = await db
    .selectFrom('orders')
    .select(['data', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { order: JSON.parse(row.data) as Order, updatedAt: row.updated_at };
}

/**
 * Applies an event to the order store. Versions only grow: an event whose version is not
 * newer than the stored order changes nothing and answers `stale`.
 */
export async function applyToOrderStore(db: Executor, event: ShopEvent): Promise<ApplyOutcome> {
  const now = new Date().toISOString();
  switch (event.type) {
    case 'ORDER_CREATED':
    case 'ORDER_UPDATED':
      return saveSnapshot(db, event.data.order, now);
    case 'PAYMENT_STATUS_UPDATED': {
      const { orderId, version, paymentStatus } = event.data;
      return saveStatus(db, { orderId, version, paymentStatus }, now);
    }
    case 'SHIPPING_STATUS_UPDATED': {
      const { orderId, version, shippingStatus } = event.data;
      return saveStatus(db, { orderId, version, shippingStatus }, now);
    }
    case 'MICROSTORE_CLOSED': {
      const { microstore, closedAt } = event.data;
      const values = { shop_id: microstore.shopId, name: microstore.name, closed_at: closedAt };
      await db
        .insertInto('microstores')
        .values({ id: microstore.id, updated_at: now, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: now }))
        .execute();
      return 'applied';
    }
  }
}
