import type { Db } from '../../src/store/db';
import { waitUntil } from '../helpers/fixtures';
import { tallyDeliveries, waitForAllDelivered } from '../helpers/fault-tally';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { acceptedIds, identifiedOrderEvent, publishMany } from '../helpers/publish-many';
import { type Responder, TestSubscriber } from '../helpers/subscriber';

const EVENTS = 200;
const TIMEOUT_MS = 3000;
const SHOP = 'shop_fault_slow';

/** Each attempt of every delivery of one subscription, oldest first. */
async function attemptsOf(db: Db, subscriptionId: string) {
  return db
    .selectFrom('attempts')
    .innerJoin('deliveries', 'deliveries.id', 'attempts.delivery_id')
    .select(['deliveries.status', 'attempts.attempt_number', 'attempts.error'])
    .select(['attempts.status_code'])
    .where('deliveries.subscription_id', '=', subscriptionId)
    .orderBy('attempts.attempt_number')
    .execute();
}

describe('fault: subscribers that answer near and past the delivery timeout, or never', () => {
  let platform: TestPlatform;
  const subscribers: Record<string, { subscriber: TestSubscriber; id: string }> = {};

  async function subscribe(name: string, respond: Responder, retryHorizonMs?: number) {
    const subscriber = await TestSubscriber.start(respond);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: SHOP,
      ...(retryHorizonMs === undefined ? {} : { retryHorizonMs }),
    });
    subscribers[name] = { subscriber, id: created.body.id };
  }

  beforeAll(async () => {
    // The global horizon ends the deliveries to the subscriber that never answers after one
    // or two attempts; the others get a horizon of their own, a minute.
    platform = await startPlatform({
      HOOKLINE_DELIVERY_TIMEOUT: `${TIMEOUT_MS}ms`,
      HOOKLINE_RETRY_SCHEDULE: '0s,1s',
      HOOKLINE_RETRY_HORIZON: '8s',
    });
    const late = new Set<string>();
    await subscribe('fast', () => undefined, 60_000);
    await subscribe('near', () => ({ status: 200, delayMs: TIMEOUT_MS - 1000 }), 60_000);
    // The first attempt of each event is answered 600 ms after the timeout, later ones at once.
    await subscribe(
      'past',
      (request) => {
        const id = String(request.headers['webhook-id']);
        if (late.has(id)) return { status: 200 };
        late.add(id);
        return { status: 200, delayMs: TIMEOUT_MS + 600 };
      },
      60_000,
    );
    // Reads the request and then holds the connection open without a byte of answer.
    await subscribe('never', () => ({ status: 200, delayMs: 10 * 60_000 }));
  });

  afterAll(async () => {
    for (const { subscriber } of Object.values(subscribers)) await subscriber.stop();
    await platform.stop();
  });

  test('near is delivered at once, past after a timed-out attempt, never fails alone', async () => {
    const events = Array.from({ length: EVENTS }, () => identifiedOrderEvent(SHOP));

    const expected = acceptedIds(await publishMany(() => platform.url, events, 10));
    const { fast, near, past, never } = subscribers;
    await Promise.all(
      [fast!, near!, past!].map(({ subscriber }) =>
        waitForAllDelivered(subscriber.received, expected, 150_000),
      ),
    );

    const tallies = Object.fromEntries(
      Object.entries({ fast, near, past }).map(([name, entry]) => [
        name,
        tallyDeliveries(`slow-subscriber-${name}`, expected, entry!.subscriber.received),
      ]),
    );
    for (const tally of Object.values(tallies)) expect(tally.lostIds).toEqual([]);
    expect(tallies.fast!.duplicates).toBe(0);
    expect(tallies.near!.duplicates).toBe(0);
    // Each late answer of the first attempt reached the subscriber too: a duplicate by design.
    expect(tallies.past!.duplicates).toBe(EVENTS);
    const nearAttempts = await attemptsOf(platform.db, near!.id);
    expect(nearAttempts.every((a) => a.attempt_number === 1 && a.status_code === 200)).toBe(true);
    const pastAttempts = await attemptsOf(platform.db, past!.id);
    const timedOut = `timed out after ${TIMEOUT_MS} ms`;
    expect(pastAttempts.filter((a) => a.attempt_number === 1).map((a) => a.error)).toEqual(
      Array(EVENTS).fill(expect.stringContaining(timedOut)),
    );
    expect(pastAttempts.filter((a) => a.attempt_number === 2).map((a) => a.status_code)).toEqual(
      Array(EVENTS).fill(200),
    );
    const fastAttempts = await attemptsOf(platform.db, fast!.id);
    expect(fastAttempts.map((a) => a.attempt_number)).toEqual(Array(EVENTS).fill(1));
    const neverAttempts = await waitUntil(async () => {
      const open = await platform.db
        .selectFrom('deliveries')
        .select('id')
        .where('subscription_id', '=', never!.id)
        .where('status', '!=', 'failed')
        .execute();
      return open.length === 0 ? attemptsOf(platform.db, never!.id) : undefined;
    }, 120_000);
    expect(neverAttempts.every((a) => a.error?.includes(timedOut) === true)).toBe(true);
    expect(never!.subscriber.received.length).toBe(neverAttempts.length);
    process.stdout.write(
      `fault=slow-subscriber-never sent=${EVENTS} requests=${neverAttempts.length} ` +
        `timedOut=${neverAttempts.length} failedDeliveries=${EVENTS}\n`,
    );
  });
});
