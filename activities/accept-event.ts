import type { AcceptedEvent, EventWorkflowInput, PlannedDelivery } from '../src/contracts/event';
import type { DeliveryConfig } from '../src/config';
import { eventSubject, orderVersion, type ShopEvent } from '../src/events/catalog';
import { evaluateFilter, type FilterExpression } from '../src/filters';
import { deliveryId } from '../src/ids';
import type { Db } from '../src/store/db';
import { DeliveryStore, type PlannedDeliveryRow } from '../src/store/deliveries';
import { insertEvent } from '../src/store/events';
import { applyToOrderStore } from '../src/store/orders';
import { SubscriptionStore } from '../src/store/subscriptions';
import { metrics } from '../src/metrics/metrics';

/**
 * The delivery row of an event for one subscription: pending, or `filtered` with the reason
 * when the subscription's filter does not match the event's data.
 */
function plannedRow(event: ShopEvent, sub: { id: string; filter: FilterExpression | null }) {
  const outcome = sub.filter === null ? undefined : evaluateFilter(sub.filter, event.data);
  const row: PlannedDeliveryRow = {
    id: deliveryId(event.id, sub.id),
    eventId: event.id,
    subscriptionId: sub.id,
    eventType: event.type,
  };
  if (outcome?.matched === false) {
    row.filteredReason = outcome.reason;
    metrics.deliveriesFiltered.inc({ type: event.type });
  }
  return row;
}

/**
 * Records the event, applies it to the order store and plans one delivery per matching
 * subscription, all in one transaction; a subscription whose filter the event fails gets a
 * `filtered` row instead, which starts no delivery. A test event ignores filters. Run again
 * for the same event, it changes nothing and answers the deliveries that have not started
 * yet, so a retried activity loses none.
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
          : [{ id: input.testSubscriptionId, filter: null }];
      if (input.testSubscriptionId === undefined) await applyToOrderStore(tx, event, origin);
      await DeliveryStore.insertPlanned(
        tx,
        subscriptions.map((sub) => plannedRow(event, sub)),
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
        'subscriptions.ordering',
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
      // A test event is about an example order; it is never held behind real ones.
      ordered: row.ordering === 'order' && input.testSubscriptionId === undefined,
    }));
    const filtered = await tx
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('event_id', '=', event.id)
      .where('status', '=', 'filtered')
      .executeTakeFirstOrThrow();
    return {
      isNew,
      shopId,
      orderId: orderId ?? null,
      orderVersion: orderVersion(event),
      deliveries,
      filtered: Number(filtered.count),
    };
  });
}
