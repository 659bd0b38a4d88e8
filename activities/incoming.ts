import { ApplicationFailure } from '@temporalio/activity';
import { INCOMING_REJECTED, type IncomingWorkflowInput } from '../src/contracts/incoming';
import { eventSubject } from '../src/events/catalog';
import type { Logger } from '../src/logger';
import type { Db } from '../src/store/db';
import { IncomingStore } from '../src/store/incoming';
import { applyToOrderStore, getOrder } from '../src/store/orders';
import type { IncomingStatus } from '../src/store/schema';
import { incomingProblem } from './incoming-rules';

/**
 * Records the incoming event (idempotently) and checks it against the shop's current state.
 * @throws non-retryable ApplicationFailure of type IncomingEventRejected with the reason.
 */
export async function validateIncoming(
  db: Db,
  logger: Logger,
  input: IncomingWorkflowInput,
): Promise<void> {
  const { event, sourceId, webhookId } = input;
  const incoming = new IncomingStore(db);
  await incoming.recordAccepted({ eventId: event.id, sourceId, webhookId, type: event.type });
  const { orderId } = eventSubject(event);
  const stored = orderId === undefined ? undefined : await getOrder(db, orderId);
  const problem = incomingProblem(event, stored?.order);
  if (problem === undefined) return;
  await incoming.setStatus(event.id, 'rejected', problem);
  logger.warn({ eventId: event.id, sourceId, reason: problem }, 'incoming event rejected');
  throw ApplicationFailure.nonRetryable(problem, INCOMING_REJECTED);
}

/**
 * Applies the incoming event to the order store with optimistic concurrency on the order's
 * version; an older update than the stored state changes nothing and answers `stale`.
 */
export async function applyIncoming(
  db: Db,
  input: IncomingWorkflowInput,
): Promise<'applied' | 'stale'> {
  const outcome = await applyToOrderStore(db, input.event, input.sourceId);
  const incoming = new IncomingStore(db);
  if (outcome === 'unknown_order') {
    const reason = 'the order disappeared before the change could apply';
    await incoming.setStatus(input.event.id, 'rejected', reason);
    throw ApplicationFailure.nonRetryable(reason, INCOMING_REJECTED);
  }
  if (outcome === 'stale') {
    await incoming.setStatus(input.event.id, 'stale', 'the order holds this or a newer version');
    return 'stale';
  }
  await incoming.setStatus(input.event.id, 'applied');
  return 'applied';
}

export function markIncoming(db: Db, eventId: string, status: IncomingStatus): Promise<void> {
  return new IncomingStore(db).setStatus(eventId, status);
}
