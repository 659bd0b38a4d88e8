import { performance } from 'node:perf_hooks';
import type { Platform } from './platform';
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

interface Row {
  id: string;
  created_at: string;
  started_at: string | null;
}

/**
 * Splits each event's latency at the timestamps the app database keeps (wall-clock
 * milliseconds, so each stage is accurate to about a millisecond). An attempt is recorded
 * after the subscriber answered, so the last ones are awaited for up to `recordWaitMs`.
 */
export async function stageBreakdown(
  platform: Platform,
  timed: Timed[],
  recordWaitMs = 10_000,
): Promise<Stages> {
  const ids = timed.map((t) => t.eventId);
  const read = () =>
    platform.query<Row>(
      `select e.id, e.created_at, a.started_at from events e
       join deliveries d on d.event_id = e.id
       left join attempts a on a.delivery_id = d.id and a.attempt_number = 1
       where e.id in (${ids.map(() => '?').join(',')})`,
      ...ids,
    );
  const deadline = Date.now() + recordWaitMs;
  let rows = read();
  while (rows.filter((r) => r.started_at !== null).length < ids.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    rows = read();
  }
  const offsetMs = Date.now() - performance.now();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const stages = { publishToAccepted: [], acceptedToAttempt: [], attemptToArrival: [] } as Record<
    keyof Stages,
    number[]
  >;
  for (const t of timed) {
    const row = byId.get(t.eventId);
    if (row?.started_at == null) continue;
    const accepted = Date.parse(row.created_at);
    const attempted = Date.parse(row.started_at);
    stages.publishToAccepted.push(accepted - (offsetMs + t.startedAt));
    stages.acceptedToAttempt.push(attempted - accepted);
    stages.attemptToArrival.push(offsetMs + t.arrivedAt - attempted);
  }
  return {
    publishToAccepted: summarize(stages.publishToAccepted),
    acceptedToAttempt: summarize(stages.acceptedToAttempt),
    attemptToArrival: summarize(stages.attemptToArrival),
  };
}
