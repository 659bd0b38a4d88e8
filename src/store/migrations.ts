import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/**
 * Versioned migrations, one definition for SQLite and PostgreSQL. Add a new entry with the
 * next number; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('event_types', 'text', (c) => c.notNull())
        .addColumn('shop_id', 'text')
        .addColumn('description', 'text')
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('previous_secret', 'text')
        .addColumn('previous_secret_expires_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('timeout_ms', 'integer')
        .addColumn('retry_horizon_ms', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('shop_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('origin', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('shop_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('payment_status', 'text', (c) => c.notNull())
        .addColumn('shipping_status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('microstores')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('shop_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('subscription_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempt_count', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('deliveries_by_subscription')
        .on('deliveries')
        .columns(['subscription_id', 'status', 'created_at'])
        .execute();
      await db.schema
        .createTable('attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('attempt_number', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('response_body', 'text')
        .execute();
      await db.schema
        .createIndex('attempts_by_delivery')
        .on('attempts')
        .columns(['delivery_id', 'attempt_number'])
        .execute();
    },
  },
  '0002_incoming': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('shop_id', 'text', (c) => c.notNull())
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('event_types', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('previous_secret', 'text')
        .addColumn('previous_secret_expires_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('incoming_events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('incoming_events_by_webhook_id')
        .on('incoming_events')
        .columns(['source_id', 'webhook_id'])
        .unique()
        .execute();
      await db.schema.alterTable('subscriptions').addColumn('app_id', 'text').execute();
      await db.schema.alterTable('orders').addColumn('changed_by', 'text').execute();
      await db.schema
        .createIndex('orders_by_shop')
        .on('orders')
        .columns(['shop_id', 'id'])
        .execute();
    },
  },
  '0003_subscription_health': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('subscriptions').addColumn('failing_since', 'text').execute();
      await db.schema.alterTable('subscriptions').addColumn('disabled_at', 'text').execute();
    },
  },
  '0004_audit_log': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('changes', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_log_by_resource')
        .on('audit_log')
        .columns(['resource_id', 'id'])
        .execute();
      await db.schema
        .createIndex('audit_log_by_actor')
        .on('audit_log')
        .columns(['actor', 'id'])
        .execute();
    },
  },
  '0005_subscription_filters': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('subscriptions').addColumn('filter', 'text').execute();
      await db.schema.alterTable('deliveries').addColumn('status_reason', 'text').execute();
    },
  },
  '0006_delivery_changes_index': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('deliveries_by_change')
        .on('deliveries')
        .columns(['updated_at', 'id'])
        .execute();
    },
  },
  '0008_ordering_and_throttling': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('subscriptions')
        .addColumn('ordering', 'text', (c) => c.notNull().defaultTo('none'))
        .execute();
      await db.schema
        .alterTable('subscriptions')
        .addColumn('rate_limit_per_second', 'integer')
        .execute();
      await db.schema.alterTable('subscriptions').addColumn('max_in_flight', 'integer').execute();
      await db.schema
        .alterTable('subscriptions')
        .addColumn('throttled_until_ms', 'bigint')
        .execute();
      await db.schema.alterTable('subscriptions').addColumn('next_slot_at_ms', 'bigint').execute();
      await db.schema
        .createTable('delivery_slots')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subscription_id', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('started_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('finished_at_ms', 'bigint')
        .execute();
      await db.schema
        .createIndex('delivery_slots_by_subscription')
        .on('delivery_slots')
        .columns(['subscription_id', 'started_at_ms'])
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the database to the newest migration.
 * @throws the first migration error, after which nothing newer has run.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
