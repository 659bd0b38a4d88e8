import { randomUUID } from 'node:crypto';
import type { AttemptResult } from '../src/contracts/delivery';
import { isOperationalEventType, type OperationalNotice } from '../src/events/operational';
import { type Attempt, type Delivery, DeliveryStore } from '../src/store/deliveries';
import type { DeliveryStatus } from '../src/store/schema';
import { SubscriptionStore, type SubscriptionWithSecrets } from '../src/store/subscriptions';
import type { AttemptDeps } from './attempt-delivery';
import type { PostResult } from './http-post';

/** The longest wait a subscriber's `Retry-After` can ask for; longer asks are cut to this. */
export const RETRY_AFTER_MAX_MS = 60 * 60 * 1000;

/** How long a subscription's attempts wait after a `429` that names no `Retry-After`. */
export const TOO_MANY_REQUESTS_PAUSE_MS = 5000;

/** How long every attempt of the subscription waits after this answer; 0 when it is no 429. */
export function throttlePauseMs(result: PostResult): number {
  if (result.statusCode !== 429) return 0;
  return Math.min(result.retryAfterMs ?? TOO_MANY_REQUESTS_PAUSE_MS, RETRY_AFTER_MAX_MS);
}

function nextDelayMs(planned: number, result: PostResult): number {
  if (result.retryAfterMs === null) return planned;
  return Math.max(planned, Math.min(result.retryAfterMs, RETRY_AFTER_MAX_MS));
}

/**
 * Records an attempt and decides what follows from the subscriber's answer: delivered, a
 * retry, failed past the horizon, or held because the subscription is now disabled (a 410, or
 * failures without a break for longer than the auto-disable span). Changes of a subscription's
 * health come back as notices, which the workflow publishes as operational events; deliveries
 * of operational events raise none, so a failing operator endpoint cannot feed itself.
 */
export async function settleAttempt(options: {
  deps: AttemptDeps;
  subscription: SubscriptionWithSecrets;
  delivery: Delivery;
  attempt: Attempt;
  result: PostResult;
  plannedDelayMs: number;
  deadlineMs: number;
}): Promise<AttemptResult> {
  const { deps, subscription, delivery, attempt, result } = options;
  const subscriptions = new SubscriptionStore(deps.db);
  const deliveries = new DeliveryStore(deps.db);
  const log = deps.logger.child({ deliveryId: delivery.id, attemptNumber: attempt.attemptNumber });
  const record = (status: DeliveryStatus, nextAt: string | null) =>
    deliveries.recordAttempt(delivery.id, randomUUID(), attempt, status, nextAt);
  const announces = !isOperationalEventType(delivery.eventType);
  const now = new Date();
  const ref = {
    subscriptionId: subscription.id,
    url: subscription.url,
    ...(subscription.shopId === null ? {} : { shopId: subscription.shopId }),
  };
  const notice = (value: OperationalNotice) => (announces ? { notice: value } : {});

  if (attempt.error === null) {
    await record('delivered', null);
    log.info({ statusCode: result.statusCode, durationMs: result.durationMs }, 'delivered');
    const disabledAt = await subscriptions.noteSuccess(subscription.id);
    const delivered = {
      kind: 'delivered' as const,
      attemptNumber: attempt.attemptNumber,
      statusCode: result.statusCode!,
    };
    if (disabledAt === null) return delivered;
    log.info({ subscriptionId: subscription.id, disabledAt }, 'subscription recovered');
    const data = { ...ref, disabledAt, recoveredAt: now.toISOString() };
    return { ...delivered, ...notice({ type: 'SUBSCRIPTION_RECOVERED', data }) };
  }

  const failingSince = await subscriptions.markFailing(subscription.id, now);
  const failingForMs = now.getTime() - Date.parse(failingSince);
  const disableReason =
    result.statusCode === 410
      ? 'endpoint answered 410 Gone'
      : failingForMs >= deps.delivery.autoDisableAfterMs
        ? `failing without a break since ${failingSince}`
        : undefined;
  if (disableReason !== undefined) {
    const disabledNow = await subscriptions.disableIfActive(subscription.id, disableReason);
    await record('held', null);
    log.warn({ subscriptionId: subscription.id, reason: disableReason }, 'subscription disabled');
    const held = { kind: 'held' as const, reason: 'disabled' as const };
    if (!disabledNow) return held;
    const data = { ...ref, reason: disableReason, disabledAt: now.toISOString() };
    return { ...held, ...notice({ type: 'SUBSCRIPTION_DISABLED', data }) };
  }

  // A 429 speaks for the whole endpoint: all deliveries of the subscription back off.
  const pauseMs = throttlePauseMs(result);
  if (pauseMs > 0) {
    await subscriptions.throttleUntil(subscription.id, now.getTime() + pauseMs);
    log.info({ subscriptionId: subscription.id, pauseMs }, 'subscriber asked to slow down');
  }
  const delayMs = nextDelayMs(options.plannedDelayMs, result);
  const error = attempt.error;
  if (Date.now() + delayMs > options.deadlineMs) {
    await record('failed', null);
    log.warn({ error }, 'delivery failed past its retry horizon');
    const data = {
      ...ref,
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      attempts: attempt.attemptNumber,
      lastError: error,
      failedAt: now.toISOString(),
    };
    return {
      kind: 'failed',
      attemptNumber: attempt.attemptNumber,
      error,
      ...notice({ type: 'DELIVERY_FAILED', data }),
    };
  }
  await record('retrying', new Date(Date.now() + delayMs).toISOString());
  log.info({ error, delayMs }, 'attempt failed, will retry');
  return { kind: 'retry', attemptNumber: attempt.attemptNumber, delayMs, error };
}
