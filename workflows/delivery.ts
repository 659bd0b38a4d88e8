import {
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  type DeliveryInput,
  type DeliveryState,
  type DeliveryStatusView,
  deliveryStatusQuery,
  holdSignal,
  releaseSignal,
  retryNowSignal,
} from '../src/contracts/delivery';
import { searchAttributes } from '../src/contracts/search-attributes';
import { announce } from './operational';
import { upsertChangedSearchAttributes } from './search-attributes';
import { plannedDelayMs } from './schedule';

const { attemptDelivery, markDeliveryCancelled, markDeliveryHeld } = proxyActivities<Activities>({
  // The subscriber's own timeout is at most a minute; the rest is for the database.
  startToCloseTimeout: '2 minutes',
  // The attempt heartbeats while it waits for the subscriber, so a dead worker is seen soon.
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Workflows started before this patch upserted their state even when unchanged (the
 * `pending` their start already carries); they replay that way.
 */
export const UPSERT_CHANGES_PATCH = 'delivery-upsert-changes-only';

/** How often a held delivery looks at its subscription again if no release signal came. */
const HELD_RECHECK = '1 hour';

/** What the Temporal UI shows as the delivery's current details (Markdown). */
function describe(view: DeliveryStatusView, extra = ''): string {
  const attempts = `${view.attempts} attempt${view.attempts === 1 ? '' : 's'}`;
  const lines = [`**${view.state}** after ${attempts}${extra}`];
  if (view.lastError !== null) lines.push(`last error: ${view.lastError}`);
  if (view.nextAttemptAt !== null) lines.push(`next attempt: ${view.nextAttemptAt}`);
  return lines.join('\n\n');
}

/**
 * Delivers one event to one subscription until it is delivered, fails past its horizon, or
 * is cancelled. The schedule is kept here, in durable timers, so no restart resets it. While
 * the subscription is paused or disabled the delivery is held and spends no attempt.
 */
export async function deliveryWorkflow(input: DeliveryInput): Promise<DeliveryStatusView> {
  const view: DeliveryStatusView = {
    state: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
  };
  let released = false;
  let retryNow = false;
  let heldByOperator = false;
  setHandler(releaseSignal, () => {
    released = true;
    heldByOperator = false;
  });
  setHandler(retryNowSignal, () => void (retryNow = true));
  setHandler(holdSignal, () => void (heldByOperator = true));

  /** Waits while an operator holds the delivery; the schedule starts afresh after it. */
  const waitWhileHeld = async () => {
    if (!heldByOperator) return false;
    view.nextAttemptAt = null;
    await markDeliveryHeld(input.deliveryId);
    show('held', ': by an operator');
    await condition(() => !heldByOperator);
    return true;
  };
  setHandler(deliveryStatusQuery, () => view);

  const upsert = patched(UPSERT_CHANGES_PATCH)
    ? upsertChangedSearchAttributes
    : upsertSearchAttributes;
  const show = (state: DeliveryState, extra?: string) => {
    view.state = state;
    upsert([
      { key: searchAttributes.deliveryState, value: state },
      { key: searchAttributes.attempt, value: view.attempts },
    ]);
    setCurrentDetails(describe(view, extra));
  };

  let scheduleIndex = 0;
  let deadlineMs = Date.now() + input.retryHorizonMs;
  let notices = 0;
  let turnAtMs: number | undefined;
  let inFlightWaits = 0;
  try {
    show('pending');
    const firstDelay = plannedDelayMs(input.retryScheduleMs, 0, Math.random);
    if (firstDelay > 0) {
      await condition(() => retryNow, firstDelay, { summary: 'wait before the first attempt' });
    }
    for (;;) {
      if (await waitWhileHeld()) {
        scheduleIndex = 0;
        deadlineMs = Date.now() + input.retryHorizonMs;
      }
      released = false;
      retryNow = false;
      const result = await attemptDelivery.executeWithOptions(
        { summary: `attempt ${view.attempts + 1}: POST ${input.targetUrl}` },
        [
          {
            deliveryId: input.deliveryId,
            plannedDelayMs: plannedDelayMs(input.retryScheduleMs, scheduleIndex + 1, Math.random),
            deadlineMs,
            turnAtMs,
            inFlightWaits,
          },
        ],
      );
      if (result.kind !== 'throttled') {
        turnAtMs = undefined;
        inFlightWaits = 0;
      }
      if (result.notice !== undefined) {
        notices += 1;
        await announce(result.notice, notices);
      }
      switch (result.kind) {
        case 'delivered':
          view.attempts = result.attemptNumber;
          view.lastError = null;
          view.nextAttemptAt = null;
          show('delivered', ` (HTTP ${result.statusCode})`);
          return view;
        case 'failed':
          view.attempts = result.attemptNumber;
          view.lastError = result.error;
          view.nextAttemptAt = null;
          show('failed', '; past its retry horizon, kept for replay');
          return view;
        case 'cancelled':
          view.lastError = result.reason;
          view.nextAttemptAt = null;
          show('cancelled');
          return view;
        case 'held':
          view.nextAttemptAt = null;
          show('held', `: subscription ${result.reason}`);
          // Released by signal or not, the next attempt after a hold starts a fresh schedule;
          // if the subscription is still held, that attempt only says so again.
          await condition(() => released, HELD_RECHECK, {
            summary: `held while the subscription is ${result.reason}`,
          });
          scheduleIndex = 0;
          deadlineMs = Date.now() + input.retryHorizonMs;
          break;
        case 'throttled':
          // The subscription's limits decide when; the schedule and the attempt count stay.
          turnAtMs = result.turnAtMs;
          inFlightWaits = result.reason === 'in-flight' ? inFlightWaits + 1 : 0;
          view.nextAttemptAt = new Date(Date.now() + result.delayMs).toISOString();
          setCurrentDetails(describe(view, `; throttled (${result.reason})`));
          await condition(() => heldByOperator, result.delayMs, {
            summary: `throttled (${result.reason}) until ${view.nextAttemptAt}`,
          });
          break;
        case 'retry':
          view.attempts = result.attemptNumber;
          view.lastError = result.error;
          view.nextAttemptAt = new Date(Date.now() + result.delayMs).toISOString();
          show('retrying');
          scheduleIndex += 1;
          await condition(() => retryNow || heldByOperator, result.delayMs, {
            summary: `attempt ${view.attempts + 1} at ${view.nextAttemptAt}`,
          });
          break;
      }
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(() => markDeliveryCancelled(input.deliveryId));
    view.lastError = 'cancelled';
    view.nextAttemptAt = null;
    show('cancelled');
    return view;
  }
}
