import type { AcceptedEvent, EventWorkflowInput, PlannedDelivery } from '../src/contracts/event';
import type { DeliveryConfig } from '../src/config';
import { eventSubject } from '../src/events/catalog';
import { deliveryId } from '../src/ids';
import type { Db } from '../src/store/db';
import { DeliveryStore } from '../src/store/deliveries';
import { insertEvent } from '../src/store/events';
import { applyToOrderStore } from '../src/store/orders';
import { SubscriptionStore } from '../src/store/subscriptions';
import { metrics } from '../src/metrics/metrics';

/**
 * Records the event, applies it to the order store and plans one delivery per matching
 * subscription, all in one transaction. Run again for the same event, it changes nothing and
 * answers the deliveries that have not started yet, so a retried activity loses none.
 */
export async function acceptEvent(
  db: Db,
  delivery: DeliveryConfig,
  input: EventWorkflowInput,
): Promise<AcceptedEvent> {
  const { event, origin } = input;
  const { shopId, orderId } = eventSubject(event);
  return db.transaction().execute(async (tx) => {
    const isNew = await insertEvent(tx, event, origin);
    if (isNew) {
      metrics.eventsAccepted.inc({ type: event.type, door: input.door ?? 'client' });
      const subscriptions =
        input.testSubscriptionId === undefined
          ? await new SubscriptionStore(tx).matching(event.type, shopId, input.originAppId ?? null)
          : [{ id: input.testSubscriptionId }];
      if (input.testSubscriptionId === undefined) await applyToOrderStore(tx, event, origin);
      await DeliveryStore.insertPlanned(
        tx,
        subscriptions.map((sub) => ({
          id: deliveryId(event.id, sub.id),
          eventId: event.id,
          subscriptionId: sub.id,
          eventType: event.type,
        })),
      );
    }
    const unstarted = await tx
      .selectFrom('deliveries')
      .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
      .select([
        'deliveries.id',
        'deliveries.subscription_id',
        'subscriptions.retry_horizon_ms',
        'subscriptions.url',
      ])
      .where('deliveries.event_id', '=', event.id)
      .where('deliveries.status', '=', 'pending')
      .where('deliveries.attempt_count', '=', 0)
      .orderBy('deliveries.subscription_id')
      .execute();
    const deliveries: PlannedDelivery[] = unstarted.map((row) => ({
      deliveryId: row.id,
      subscriptionId: row.subscription_id,
      retryScheduleMs: delivery.retryScheduleMs,
      retryHorizonMs: row.retry_horizon_ms ?? delivery.retryHorizonMs,
      targetUrl: row.url,
    }));
    return { isNew, shopId, orderId: orderId ?? null, deliveries };
  });
}
