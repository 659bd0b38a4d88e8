import type { Db } from '../../src/store/db';
import { waitUntil } from '../helpers/fixtures';
import { tallyDeliveries } from '../helpers/fault-tally';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { acceptedIds, identifiedOrderEvent, publishMany } from '../helpers/publish-many';
import { type Responder, TestSubscriber } from '../helpers/subscriber';
import { WorkerProcess } from '../helpers/worker-process';
import { faultDataDir } from '../helpers/fault-data-dir';

const EVENTS = 100;
const TIMEOUT_MS = 3000;
const SHOP = 'shop_fault_slow';
const DELIVERY_ENV = {
  HOOKLINE_DELIVERY_TIMEOUT: `${TIMEOUT_MS}ms`,
  HOOKLINE_RETRY_SCHEDULE: '0s,1s',
  HOOKLINE_RETRY_HORIZON: '8s',
};

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

/** Resolves true once `total` deliveries exist and none is pending or retrying. */
async function deliveriesSettled(db: Db, total: number): Promise<true | undefined> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['status'])
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .groupBy('status')
    .execute();
  const all = rows.reduce((sum, row) => sum + Number(row.count), 0);
  const open = rows.filter((row) => !['delivered', 'failed'].includes(row.status));
  return all === total && open.length === 0 ? true : undefined;
}

describe('fault: subscribers that answer near and past the delivery timeout, or never', () => {
  let platform: TestPlatform;
  let worker: WorkerProcess | undefined;
  let data: Awaited<ReturnType<typeof faultDataDir>> | undefined;
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
    // The worker runs apart, as in production: its event loop is not the subscribers'.
    data = await faultDataDir('slow');
    platform = await startPlatform(
      { ...DELIVERY_ENV, HOOKLINE_DATA_DIR: data.dir },
      { worker: false },
    );
    worker = await WorkerProcess.start(platform.config, DELIVERY_ENV);
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
    await worker?.kill();
    for (const { subscriber } of Object.values(subscribers)) await subscriber.stop();
    await platform.stop();
    await data?.remove();
  });

  test('near is delivered at once, past after a timed-out attempt, never fails alone', async () => {
    const events = Array.from({ length: EVENTS }, () => identifiedOrderEvent(SHOP));

    const expected = acceptedIds(await publishMany(() => platform.url, events, 10));
    const { fast, near, past, never } = subscribers;
    // Done when no delivery is open: three delivered, the fourth failed past its horizon.
    const settled = await waitUntil(() => deliveriesSettled(platform.db, 4 * EVENTS), 200_000, 500)
      .then(() => true)
      .catch(() => false);

    const tallies = Object.fromEntries(
      Object.entries({ fast, near, past }).map(([name, entry]) => [
        name,
        tallyDeliveries(`slow-subscriber-${name}`, expected, entry!.subscriber.received),
      ]),
    );
    const statuses = await platform.db
      .selectFrom('deliveries')
      .select(['subscription_id', 'status', 'attempt_count'])
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .groupBy(['subscription_id', 'status', 'attempt_count'])
      .execute();
    const names = new Map(Object.entries(subscribers).map(([name, entry]) => [entry.id, name]));
    for (const row of statuses) {
      const name = names.get(row.subscription_id);
      process.stdout.write(
        `slow-subscriber-${name} status=${row.status} attempts=${row.attempt_count} count=${row.count}\n`,
      );
    }
    expect(settled).toBe(true);
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
    const neverAttempts = await attemptsOf(platform.db, never!.id);
    const neverRows = await platform.db
      .selectFrom('deliveries')
      .select('status')
      .where('subscription_id', '=', never!.id)
      .execute();
    expect(neverRows.map((row) => row.status)).toEqual(Array(EVENTS).fill('failed'));
    expect(neverAttempts.every((a) => a.error?.includes(timedOut) === true)).toBe(true);
    expect(never!.subscriber.received.length).toBe(neverAttempts.length);
    process.stdout.write(
      `fault=slow-subscriber-never sent=${EVENTS} requests=${neverAttempts.length} ` +
        `timedOut=${neverAttempts.length} failedDeliveries=${EVENTS}\n`,
    );
  });
});
