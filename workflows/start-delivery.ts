import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { type ChildWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import {
  type DeliveryInput,
  deliveryPriority,
  deliveryStartAttributes,
  deliverySummary,
  workflowIds,
} from '../src/contracts/delivery';
import { deliveryWorkflow } from './delivery';

/**
 * Starts the delivery workflow of one delivery as a child that outlives its parent. Answers
 * undefined when a workflow of that delivery runs already: its id is derived from the event
 * and the subscription, so a repeated step starts nothing twice.
 */
export async function startDeliveryChild(
  delivery: DeliveryInput,
): Promise<ChildWorkflowHandle<typeof deliveryWorkflow> | undefined> {
  try {
    return await startChild(deliveryWorkflow, {
      workflowId: workflowIds.delivery(delivery.eventId, delivery.subscriptionId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [delivery],
      staticSummary: deliverySummary(delivery),
      typedSearchAttributes: deliveryStartAttributes(delivery),
      priority: deliveryPriority(delivery.subscriptionId),
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw error;
  }
}
