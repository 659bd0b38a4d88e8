import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { workflowIds } from '../src/contracts/delivery';
import { eventPriority, eventSummary, type EventWorkflowInput } from '../src/contracts/event';
import { searchAttributes } from '../src/contracts/search-attributes';
import type { ShopEvent } from '../src/events/catalog';
import { eventSubject } from '../src/events/subject';
import type { OperationalNotice } from '../src/events/operational';

/**
 * Publishes an operational event (DELIVERY_FAILED, SUBSCRIPTION_DISABLED, ...) through the
 * ordinary event workflow, so operators subscribe to it like to any event. Its id comes from
 * this run and a counter, so a replayed workflow task starts nothing twice.
 */
export async function announce(notice: OperationalNotice, sequence: number): Promise<void> {
  const runId = workflowInfo().runId.replaceAll('-', '');
  const event = {
    id: `evt_op_${runId}_${sequence}`,
    type: notice.type,
    timestamp: new Date().toISOString(),
    data: notice.data,
  } as ShopEvent;
  const input: EventWorkflowInput = { event, origin: 'hookline', door: 'operational' };
  const { shopId } = eventSubject(event);
  try {
    await startChild('eventWorkflow', {
      workflowId: workflowIds.event(event.id),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: eventSummary(event, 'hookline'),
      typedSearchAttributes: [
        { key: searchAttributes.eventType, value: event.type },
        // A subscription of every shop has none.
        ...(shopId === '' ? [] : [{ key: searchAttributes.shopId, value: shopId }]),
      ],
      priority: eventPriority(shopId),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
