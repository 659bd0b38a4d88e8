import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Agent } from 'undici';
import type { DeliveryConfig } from '../src/config';
import type { AttemptResult } from '../src/contracts/delivery';
import type { Logger } from '../src/logger';
import type { SecretBox } from '../src/crypto/secret-box';
import type { Db } from '../src/store/db';
import { DeliveryStore, RESPONSE_BODY_LIMIT_BYTES } from '../src/store/deliveries';
import { DeliverySlots } from '../src/store/delivery-slots';
import { getEvent } from '../src/store/events';
import { SubscriptionStore } from '../src/store/subscriptions';
import { liveSecrets } from '../src/webhooks/secret';
import { signWebhook } from '../src/webhooks/signature';
import { metrics } from '../src/metrics/metrics';
import { isThrottled } from '../src/throttle/limiter';
import { settleAttempt } from './attempt-outcome';
import { postWebhook, type PostResult } from './http-post';

const HEARTBEAT_INTERVAL_MS = 1000;

export interface AttemptInput {
  deliveryId: string;
  /** The delay the workflow's schedule plans before the next attempt, should this one fail. */
  plannedDelayMs: number;
  /** Epoch ms after which no attempt may be scheduled: the end of the retry horizon. */
  deadlineMs: number;
  /** The turn an earlier throttled try of this delivery was given. */
  turnAtMs?: number | undefined;
  /** How many tries in a row found every in-flight slot of the subscription taken. */
  inFlightWaits?: number | undefined;
}

/** How much longer than the subscriber's timeout a slot counts as in flight if never freed. */
const SLOT_LEASE_MARGIN_MS = 10_000;

export interface AttemptDeps {
  db: Db;
  agent: Agent;
  delivery: DeliveryConfig;
  logger: Logger;
  userAgent: string;
  /** Opens the subscription's secrets to sign with; they are stored encrypted. */
  secrets: SecretBox;
}

function describeFailure(result: PostResult): string {
  if (result.error !== null) return result.error;
  return `HTTP ${result.statusCode}`;
}

export function ok(result: PostResult): boolean {
  return result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
}

/**
 * Makes one delivery attempt: checks that the subscription still takes deliveries and that
 * its limits let an attempt start now (else answers `throttled`, spending no attempt number),
 * signs and POSTs the event, and records the attempt. A subscriber's failure is a result, never a
 * thrown error; only a problem of hookline's own (the database) throws and is retried.
 * @throws non-retryable ApplicationFailure when the delivery or its event does not exist.
 */
export async function attemptDelivery(
  deps: AttemptDeps,
  input: AttemptInput,
): Promise<AttemptResult> {
  const deliveries = new DeliveryStore(deps.db);
  const subscriptions = new SubscriptionStore(deps.db);
  const delivery = await deliveries.get(input.deliveryId);
  if (delivery === undefined) {
    throw ApplicationFailure.nonRetryable(
      `delivery ${input.deliveryId} does not exist`,
      'NotFound',
    );
  }
  const subscription = await subscriptions.getIncludingDeleted(delivery.subscriptionId);
  if (subscription === undefined || subscription.status === 'deleted') {
    await deliveries.setStatus(delivery.id, 'cancelled', { nextAttemptAt: null });
    return { kind: 'cancelled', reason: 'subscription deleted' };
  }
  if (subscription.status === 'paused' || subscription.status === 'disabled') {
    await deliveries.setStatus(delivery.id, 'held', { nextAttemptAt: null });
    return { kind: 'held', reason: subscription.status };
  }
  const event = await getEvent(deps.db, delivery.eventId);
  if (event === undefined) {
    throw ApplicationFailure.nonRetryable(`event ${delivery.eventId} does not exist`, 'NotFound');
  }

  const timeoutMs = subscription.timeoutMs ?? deps.delivery.timeoutMs;
  let slotId: string | undefined;
  const limits = {
    rateLimitPerSecond: subscription.rateLimitPerSecond,
    maxInFlight: subscription.maxInFlight,
    throttledUntilMs:
      subscription.throttledUntil === null ? null : Date.parse(subscription.throttledUntil),
    nowMs: Date.now(),
  };
  if (isThrottled(limits)) {
    const slot = await new DeliverySlots(deps.db).acquire({
      subscriptionId: subscription.id,
      deliveryId: delivery.id,
      leaseMs: timeoutMs + SLOT_LEASE_MARGIN_MS,
      turnAtMs: input.turnAtMs,
      inFlightWaits: input.inFlightWaits,
    });
    if (slot.kind === 'wait') {
      const { reason, delayMs, turnAtMs } = slot;
      return { kind: 'throttled', reason, delayMs, turnAtMs };
    }
    slotId = slot.slotId;
  }

  const now = new Date();
  const body = JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
  const signed = signWebhook(
    liveSecrets(subscription, now, deps.secrets),
    event.id,
    Math.floor(now.getTime() / 1000),
    body,
  );
  // Heartbeats let Temporal notice a worker that died mid-request within seconds.
  const context = Context.current();
  const heartbeat = setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
  const result = await postWebhook({
    agent: deps.agent,
    url: subscription.url,
    headers: { ...signed, 'content-type': 'application/json', 'user-agent': deps.userAgent },
    body,
    timeoutMs,
    responseLimitBytes: RESPONSE_BODY_LIMIT_BYTES,
  }).finally(async () => {
    clearInterval(heartbeat);
    if (slotId !== undefined) await new DeliverySlots(deps.db).release(slotId, Date.now());
  });
  metrics.attemptDuration.observe(
    { result: ok(result) ? 'success' : 'failure' },
    result.durationMs / 1000,
  );
  const attemptNumber = delivery.attemptCount + 1;
  const attempt = {
    attemptNumber,
    startedAt: now.toISOString(),
    durationMs: result.durationMs,
    statusCode: result.statusCode,
    error: ok(result) ? null : describeFailure(result),
    responseBody: result.responseBody,
  };
  return settleAttempt({
    deps,
    subscription,
    delivery,
    attempt,
    result,
    plannedDelayMs: input.plannedDelayMs,
    deadlineMs: input.deadlineMs,
  });
}
