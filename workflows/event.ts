import {
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type {
  EventWorkflowInput,
  EventWorkflowResult,
  PlannedDelivery,
} from '../src/contracts/event';
import type { DeliveryInput } from '../src/contracts/delivery';
import { plannedKey, type QueuedDelivery } from '../src/contracts/ordered';
import { searchAttributes } from '../src/contracts/search-attributes';
import { upsertChangedSearchAttributes } from './search-attributes';
import { startConcurrently, startOneByOne } from './start-concurrently';
import { startDeliveryChild } from './start-delivery';

const acceptOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
const { acceptEvent, enqueueOrdered } = proxyActivities<Activities>(acceptOptions);
// acceptEvent is one idempotent transaction, so running it again after a lost workflow task
// (what a local activity risks) changes nothing; it saves an activity task's round trips.
const { acceptEvent: acceptEventLocally } = proxyLocalActivities<Activities>(acceptOptions);

/**
 * Workflows started before this patch ran acceptEvent as an activity, upserted search
 * attributes that their start already carried and started their deliveries one after
 * another; they replay that way.
 */
export const FEWER_TASKS_PATCH = 'event-local-accept-concurrent-starts';

/**
 * Takes one shop event: records it and updates the order store (one activity, one
 * transaction), then starts one delivery workflow per matching subscription, or, for a
 * subscription that wants its deliveries in order, hands the delivery to the queue of that
 * order (an activity signals it, starting it if needed). Delivery ids are derived from the
 * event and subscription ids, and queues ignore a key twice, so a repeated step does nothing
 * twice. The deliveries start concurrently, in batches (see `startConcurrently`).
 */
export async function eventWorkflow(input: EventWorkflowInput): Promise<EventWorkflowResult> {
  const { event } = input;
  const fewerTasks = patched(FEWER_TASKS_PATCH);
  const accepted = await (fewerTasks ? acceptEventLocally : acceptEvent)(input);
  (fewerTasks ? upsertChangedSearchAttributes : upsertSearchAttributes)([
    { key: searchAttributes.shopId, value: accepted.shopId },
    ...(accepted.orderId === null
      ? []
      : [{ key: searchAttributes.orderId, value: accepted.orderId }]),
  ]);
  const version = accepted.orderVersion ?? null;
  const deliveryOf = (planned: PlannedDelivery): DeliveryInput => ({
    deliveryId: planned.deliveryId,
    eventId: event.id,
    eventType: event.type,
    subscriptionId: planned.subscriptionId,
    shopId: accepted.shopId,
    orderId: accepted.orderId,
    retryScheduleMs: planned.retryScheduleMs,
    retryHorizonMs: planned.retryHorizonMs,
    targetUrl: planned.targetUrl,
  });
  const isOrdered = (planned: PlannedDelivery) =>
    planned.ordered === true && accepted.orderId !== null && version !== null;
  const ordered: QueuedDelivery[] = accepted.deliveries.filter(isOrdered).map((planned) => {
    const delivery = deliveryOf(planned);
    return { key: plannedKey(delivery.deliveryId), version: version!, delivery };
  });
  const startDelivery = async (planned: PlannedDelivery) =>
    (await startDeliveryChild(deliveryOf(planned))) !== undefined;
  let started = await (fewerTasks ? startConcurrently : startOneByOne)(
    accepted.deliveries.filter((planned) => !isOrdered(planned)),
    startDelivery,
  );
  if (ordered.length > 0) {
    await enqueueOrdered(ordered);
    started += ordered.length;
  }
  const filtered = accepted.filtered ?? 0;
  setCurrentDetails(`Recorded; **${started}** deliveries started, **${filtered}** filtered out.`);
  return { eventId: event.id, deliveriesStarted: started, deliveriesFiltered: filtered };
}
