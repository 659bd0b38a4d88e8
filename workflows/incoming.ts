import { ApplicationFailure, executeChild, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { workflowIds } from '../src/contracts/delivery';
import {
  INCOMING_REJECTED,
  type IncomingWorkflowInput,
  type IncomingWorkflowResult,
} from '../src/contracts/incoming';
import { eventPriority, eventSummary } from '../src/contracts/event';
import { eventSubject } from '../src/events/subject';
import { searchAttributes } from '../src/contracts/search-attributes';
import { eventWorkflow } from './event';

const { validateIncoming, applyIncoming, markIncoming } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [INCOMING_REJECTED],
  },
});

function rejectionOf(error: unknown): ApplicationFailure | undefined {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof ApplicationFailure && cause.type === INCOMING_REJECTED
    ? cause
    : undefined;
}

/**
 * An event from an external app: validated against the shop's state, applied to the order
 * store, then published to every subscriber except the sending app's own. A refused event
 * fails this workflow with the reason, and is never retried.
 */
export async function incomingWorkflow(
  input: IncomingWorkflowInput,
): Promise<IncomingWorkflowResult> {
  const { event } = input;
  try {
    await validateIncoming(input);
    if ((await applyIncoming(input)) === 'stale') return { eventId: event.id, status: 'stale' };
  } catch (error) {
    const rejection = rejectionOf(error);
    if (rejection === undefined) throw error;
    throw ApplicationFailure.nonRetryable(rejection.message, INCOMING_REJECTED);
  }
  await executeChild(eventWorkflow, {
    workflowId: workflowIds.event(event.id),
    args: [{ event, origin: input.sourceId, originAppId: input.appId, door: 'incoming' }],
    staticSummary: eventSummary(event, input.sourceId),
    typedSearchAttributes: [
      { key: searchAttributes.eventType, value: event.type },
      { key: searchAttributes.sourceId, value: input.sourceId },
    ],
    priority: eventPriority(eventSubject(event).shopId),
  });
  await markIncoming(event.id, 'published');
  return { eventId: event.id, status: 'published' };
}
