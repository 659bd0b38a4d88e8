import {
  ParentClosePolicy,
  proxyActivities,
  startChild,
  setCurrentDetails,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import type { EventWorkflowInput, EventWorkflowResult } from '../src/contracts/event';
import { deliverySummary, type DeliveryInput, workflowIds } from '../src/contracts/delivery';
import { searchAttributes } from '../src/contracts/search-attributes';
import { deliveryWorkflow } from './delivery';

const { acceptEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Takes one shop event: records it and updates the order store (one activity, one
 * transaction), then starts one delivery workflow per matching subscription. Delivery ids
 * are derived from the event and subscription ids, so a repeated step starts nothing twice.
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
      started += 1;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  const filtered = accepted.filtered ?? 0;
  setCurrentDetails(`Recorded; **${started}** deliveries started, **${filtered}** filtered out.`);
  return { eventId: event.id, deliveriesStarted: started, deliveriesFiltered: filtered };
}
