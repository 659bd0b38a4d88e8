import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../store/db';
import { OPEN_STATUSES } from '../store/deliveries';

/**
 * `hookline_deliveries_open{subscription_id,status}`: deliveries pending, retrying or held per
 * subscription, read from the app database at each scrape, so every API replica reports the
 * same figures whichever worker moved them.
 */
export function registerOpenDeliveriesGauge(db: Db, registry: Registry): void {
  if (registry.getSingleMetric('hookline_deliveries_open') !== undefined) return;
  new Gauge({
    name: 'hookline_deliveries_open',
    help: 'Deliveries not finished yet, by subscription and status (pending, retrying, held).',
    labelNames: ['subscription_id', 'status'] as const,
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('deliveries')
        .select(['subscription_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
        .where('status', 'in', OPEN_STATUSES)
        .groupBy(['subscription_id', 'status'])
        .execute();
      this.reset();
      for (const row of rows) {
        this.set({ subscription_id: row.subscription_id, status: row.status }, Number(row.count));
      }
    },
  });
}
