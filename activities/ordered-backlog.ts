import type { DeliveryConfig } from '../src/config';
import { plannedKey, type QueuedDelivery } from '../src/contracts/ordered';
import { type EventType, orderVersion, type ShopEvent } from '../src/events/catalog';
import type { Db } from '../src/store/db';

/**
 * The planned deliveries of one order to one subscription that no workflow has attempted yet,
 * as queue entries. The queue asks before each delivery, so a delivery whose event was
 * accepted earlier still goes first even when its signal comes later.
 */
export async function orderedBacklog(
  db: Db,
  config: DeliveryConfig,
  subscriptionId: string,
  orderId: string,
): Promise<QueuedDelivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('events', 'events.id', 'deliveries.event_id')
    .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
    .select([
      'deliveries.id',
      'deliveries.event_id',
      'events.type',
      'events.data',
      'events.shop_id',
      'subscriptions.url',
      'subscriptions.retry_horizon_ms',
    ])
    .where('deliveries.subscription_id', '=', subscriptionId)
    .where('events.order_id', '=', orderId)
    .where('deliveries.status', '=', 'pending')
    .where('deliveries.attempt_count', '=', 0)
    .orderBy('deliveries.created_at')
    .execute();
  return rows.flatMap((row) => {
    const event = { type: row.type, data: JSON.parse(row.data) } as ShopEvent;
    const version = orderVersion(event);
    if (version === null) return [];
    return [
      {
        key: plannedKey(row.id),
        version,
        delivery: {
          deliveryId: row.id,
          eventId: row.event_id,
          eventType: row.type as EventType,
          subscriptionId,
          shopId: row.shop_id,
          orderId,
          retryScheduleMs: config.retryScheduleMs,
          retryHorizonMs: row.retry_horizon_ms ?? config.retryHorizonMs,
          targetUrl: row.url,
        },
      },
    ];
  });
}
