import { proxyActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { EventWorkflowInput, EventWorkflowResult } from '../src/contracts/event';
import type { DeliveryInput } from '../src/contracts/delivery';
import { plannedKey, type QueuedDelivery } from '../src/contracts/ordered';
import { searchAttributes } from '../src/contracts/search-attributes';
import { startDeliveryChild } from './start-delivery';

const { acceptEvent, enqueueOrdered } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Takes one shop event: records it and updates the order store (one activity, one
 * transaction), then starts one delivery workflow per matching subscription, or, for a
 * subscription that wants its deliveries in order, hands the delivery to the queue of that
 * order (an activity signals it, starting it if needed). Delivery ids are derived from the
 * event and subscription ids, and queues ignore a key twice, so a repeated step does nothing
 * twice.
 */
export async function eventWorkflow(input: EventWorkflowInput): Promise<EventWorkflowResult> {
  const { event } = input;
  const accepted = await acceptEvent(input);
  upsertSearchAttributes([
    { key: searchAttributes.shopId, value: accepted.shopId },
    ...(accepted.orderId === null
      ? []
      : [{ key: searchAttributes.orderId, value: accepted.orderId }]),
  ]);
  let started = 0;
  const ordered: QueuedDelivery[] = [];
  for (const planned of accepted.deliveries) {
    const delivery: DeliveryInput = {
      deliveryId: planned.deliveryId,
      eventId: event.id,
      eventType: event.type,
      subscriptionId: planned.subscriptionId,
      shopId: accepted.shopId,
      orderId: accepted.orderId,
      retryScheduleMs: planned.retryScheduleMs,
      retryHorizonMs: planned.retryHorizonMs,
      targetUrl: planned.targetUrl,
    };
    const version = accepted.orderVersion ?? null;
    if (planned.ordered === true && delivery.orderId !== null && version !== null) {
      ordered.push({ key: plannedKey(delivery.deliveryId), version, delivery });
    } else if ((await startDeliveryChild(delivery)) !== undefined) {
      started += 1;
    }
  }
  if (ordered.length > 0) {
    await enqueueOrdered(ordered);
    started += ordered.length;
  }
  const filtered = accepted.filtered ?? 0;
  setCurrentDetails(`Recorded; **${started}** deliveries started, **${filtered}** filtered out.`);
  return { eventId: event.id, deliveriesStarted: started, deliveriesFiltered: filtered };
}
