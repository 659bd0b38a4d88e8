import { performance } from 'node:perf_hooks';
import type { Db } from '../src/store/db';
import { type Summary, summarize } from './stats';

export interface Timed {
  eventId: string;
  /** `performance.now()` just before the publish request. */
  startedAt: number;
  /** `performance.now()` when the subscriber had the webhook. */
  arrivedAt: number;
}

export interface Stages {
  /** Publish request start → the event row written by the `acceptEvent` activity. */
  publishToAccepted: Summary;
  /** Event row → start of the first delivery attempt (just before its POST). */
  acceptedToAttempt: Summary;
  /** First attempt start → the subscriber had the webhook. */
  attemptToArrival: Summary;
}

function firstAttempts(db: Db, ids: string[]) {
  return db
    .selectFrom('attempts')
    .innerJoin('deliveries', 'deliveries.id', 'attempts.delivery_id')
    .select(['deliveries.event_id', 'attempts.started_at'])
    .where('deliveries.event_id', 'in', ids)
    .where('attempts.attempt_number', '=', 1)
    .execute();
}

/**
 * Splits each event's latency at the timestamps the app database keeps (wall-clock
 * milliseconds, so each stage is accurate to about a millisecond). An attempt is recorded
 * after the subscriber answered, so the last ones are awaited for up to `recordWaitMs`.
 */
export async function stageBreakdown(
  db: Db,
  timed: Timed[],
  recordWaitMs = 10_000,
): Promise<Stages> {
  const ids = timed.map((t) => t.eventId);
  const events = await db
    .selectFrom('events')
    .select(['id', 'created_at'])
    .where('id', 'in', ids)
    .execute();
  const deadline = Date.now() + recordWaitMs;
  let attempts = await firstAttempts(db, ids);
  while (attempts.length < ids.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    attempts = await firstAttempts(db, ids);
  }
  const offsetMs = Date.now() - performance.now();
  const wallClockMs = (performanceMs: number) => offsetMs + performanceMs;
  const acceptedAt = new Map(events.map((e) => [e.id, Date.parse(e.created_at)]));
  const attemptedAt = new Map(attempts.map((a) => [a.event_id, Date.parse(a.started_at)]));
  const stages = { publishToAccepted: [], acceptedToAttempt: [], attemptToArrival: [] } as Record<
    keyof Stages,
    number[]
  >;
  for (const t of timed) {
    const accepted = acceptedAt.get(t.eventId);
    const attempted = attemptedAt.get(t.eventId);
    if (accepted === undefined || attempted === undefined) continue;
    stages.publishToAccepted.push(accepted - wallClockMs(t.startedAt));
    stages.acceptedToAttempt.push(attempted - accepted);
    stages.attemptToArrival.push(wallClockMs(t.arrivedAt) - attempted);
  }
  return {
    publishToAccepted: summarize(stages.publishToAccepted),
    acceptedToAttempt: summarize(stages.acceptedToAttempt),
    attemptToArrival: summarize(stages.attemptToArrival),
  };
}
