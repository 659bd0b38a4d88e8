import {
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  startChild,
  setCurrentDetails,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import type {
  EventWorkflowInput,
  EventWorkflowResult,
  PlannedDelivery,
} from '../src/contracts/event';
import { deliverySummary, type DeliveryInput, workflowIds } from '../src/contracts/delivery';
import { searchAttributes } from '../src/contracts/search-attributes';
import { deliveryWorkflow } from './delivery';
import { upsertChangedSearchAttributes } from './search-attributes';
import { startConcurrently, startOneByOne } from './start-concurrently';

const acceptOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
const { acceptEvent } = proxyActivities<Activities>(acceptOptions);
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
 * transaction), then starts one delivery workflow per matching subscription. Delivery ids
 * are derived from the event and subscription ids, so a repeated step starts nothing twice.
 * The deliveries start concurrently, in batches (see `startConcurrently`).
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
  const startDelivery = async (planned: PlannedDelivery): Promise<boolean> => {
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
    try {
      await startChild(deliveryWorkflow, {
        workflowId: workflowIds.delivery(event.id, planned.subscriptionId),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [delivery],
        staticSummary: deliverySummary(delivery),
        typedSearchAttributes: [
          { key: searchAttributes.eventType, value: event.type },
          { key: searchAttributes.shopId, value: accepted.shopId },
          { key: searchAttributes.subscriptionId, value: planned.subscriptionId },
          { key: searchAttributes.deliveryState, value: 'pending' },
          { key: searchAttributes.attempt, value: 0 },
          ...(accepted.orderId === null
            ? []
            : [{ key: searchAttributes.orderId, value: accepted.orderId }]),
        ],
      });
      return true;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return false;
    }
  };
  const started = await (fewerTasks ? startConcurrently : startOneByOne)(
    accepted.deliveries,
    startDelivery,
  );
  const filtered = accepted.filtered ?? 0;
  setCurrentDetails(`Recorded; **${started}** deliveries started, **${filtered}** filtered out.`);
  return { eventId: event.id, deliveriesStarted: started, deliveriesFiltered: filtered };
}
