import type { Transaction } from 'kysely';
import type { ShopEvent } from '../events/catalog';
import type { Order } from '../events/order';
import type { Db } from './db';
import type { Database } from './schema';

type Executor = Db | Transaction<Database>;

export interface StoredOrder {
  order: Order;
  /** `shop`, or the id of the source whose incoming event made the last change. */
  changedBy: string | null;
  updatedAt: string;
}

export type ApplyOutcome = 'applied' | 'stale' | 'unknown_order';

/** How often a status change re-reads the order after losing a race to another writer. */
const MAX_CONFLICT_RETRIES = 5;

function snapshotColumns(order: Order, changedBy: string, now: string) {
  return {
    shop_id: order.shopId,
    version: order.version,
    data: JSON.stringify(order),
    payment_status: order.paymentStatus,
    shipping_status: order.shippingStatus,
    changed_by: changedBy,
    updated_at: now,
  };
}

/** Stores a full order snapshot unless the store already holds this version or a newer one. */
async function saveSnapshot(
  db: Executor,
  order: Order,
  changedBy: string,
  now: string,
): Promise<ApplyOutcome> {
  const columns = snapshotColumns(order, changedBy, now);
  const inserted = await db
    .insertInto('orders')
    .values({ id: order.id, created_at: now, ...columns })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return 'applied';
  const updated = await db
    .updateTable('orders')
    .set(columns)
    .where('id', '=', order.id)
    .where('version', '<', order.version)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0 ? 'applied' : 'stale';
}

/**
 * Changes one status of a stored order with optimistic concurrency: the write succeeds only
 * if the order is still at the version that was read, else it reads again.
 */
async function saveStatus(
  db: Executor,
  change: { orderId: string; version: number; fields: Partial<Order> },
  changedBy: string,
  now: string,
): Promise<ApplyOutcome> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const current = await getOrder(db, change.orderId);
    if (current === undefined) return 'unknown_order';
    if (current.order.version >= change.version) return 'stale';
    const next: Order = {
      ...current.order,
      ...change.fields,
      version: change.version,
      updatedAt: now,
    };
    const updated = await db
      .updateTable('orders')
      .set(snapshotColumns(next, changedBy, now))
      .where('id', '=', change.orderId)
      .where('version', '=', current.order.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return 'applied';
  }
  throw new Error(
    `order ${change.orderId} kept changing; gave up after ${MAX_CONFLICT_RETRIES} tries`,
  );
}

export async function getOrder(db: Executor, id: string): Promise<StoredOrder | undefined> {
  const row = await db
    .selectFrom('orders')
    .select(['data', 'changed_by', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        order: JSON.parse(row.data) as Order,
        changedBy: row.changed_by,
        updatedAt: row.updated_at,
      };
}

/** Orders of one shop, by id, a page at a time. */
export async function listOrders(
  db: Executor,
  options: { shopId: string; limit: number; after?: string | undefined },
) {
  let query = db
    .selectFrom('orders')
    .select(['id', 'data', 'changed_by', 'updated_at'])
    .where('shop_id', '=', options.shopId)
    .orderBy('id')
    .limit(options.limit + 1);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit).map((row) => ({
    order: JSON.parse(row.data) as Order,
    changedBy: row.changed_by,
    updatedAt: row.updated_at,
  }));
  return { data: page, next: rows.length > options.limit ? page.at(-1)!.order.id : null };
}

/**
 * Applies an event to the order store. Versions only grow: an event whose version is not
 * newer than the stored order changes nothing and answers `stale`.
 */
export async function applyToOrderStore(
  db: Executor,
  event: ShopEvent,
  changedBy: string,
): Promise<ApplyOutcome> {
  const now = new Date().toISOString();
  switch (event.type) {
    case 'ORDER_CREATED':
    case 'ORDER_UPDATED':
      return saveSnapshot(db, event.data.order, changedBy, now);
    case 'PAYMENT_STATUS_UPDATED': {
      const { orderId, version, paymentStatus } = event.data;
      return saveStatus(db, { orderId, version, fields: { paymentStatus } }, changedBy, now);
    }
    case 'SHIPPING_STATUS_UPDATED': {
      const { orderId, version, shippingStatus } = event.data;
      return saveStatus(db, { orderId, version, fields: { shippingStatus } }, changedBy, now);
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
    case 'DELIVERY_FAILED':
    case 'SUBSCRIPTION_DISABLED':
    case 'SUBSCRIPTION_RECOVERED':
      return 'applied';
  }
}
