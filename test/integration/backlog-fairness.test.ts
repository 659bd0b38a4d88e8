import type { Db } from '../../src/store/db';
import type { DeliveryStatus } from '../../src/store/schema';
import { createLogger } from '../../src/logger';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { acceptedIds, identifiedOrderEvent, publishMany } from '../helpers/publish-many';
import { TestSubscriber } from '../helpers/subscriber';

/** The figures of a run go to the test log at info, whatever LOG_LEVEL the platform uses. */
const figures = createLogger({ level: 'info', format: 'json' });
const BACKLOG = 120;
/** Few attempt slots and a slow backlog subscriber, so that attempts queue up in Temporal. */
const ACTIVITY_SLOTS = 4;
const BACKLOG_ANSWER_MS = 250;
const HEALTHY_EVENTS = 3;

async function countWithStatus(
  db: Db,
  subscriptionId: string,
  status: DeliveryStatus,
): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('a released backlog and the other subscriptions', () => {
  let platform: TestPlatform;
  let backlog: TestSubscriber;
  let healthy: TestSubscriber;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_WORKER_MAX_ACTIVITIES: String(ACTIVITY_SLOTS) });
    backlog = await TestSubscriber.start(() => ({ status: 200, delayMs: BACKLOG_ANSWER_MS }));
    healthy = await TestSubscriber.start();
  });

  afterAll(async () => {
    await Promise.all([backlog.stop(), healthy.stop()]);
    await platform.stop();
  });

  async function subscribe(url: string, shopId: string): Promise<string> {
    const created = await platform.api('POST', '/v1/subscriptions', {
      url,
      eventTypes: ['ORDER_CREATED'],
      shopId,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  test('the deliveries of a resumed subscription do not queue up in front of another subscription’s new ones', async () => {
    const backlogId = await subscribe(backlog.url, 'shop_backlog');
    await subscribe(healthy.url, 'shop_healthy');
    expect((await platform.api('POST', `/v1/subscriptions/${backlogId}/pause`)).status).toBe(200);

    const events = Array.from({ length: BACKLOG }, () => identifiedOrderEvent('shop_backlog'));
    const outcomes = await publishMany(() => platform.url, events, 10);
    expect(acceptedIds(outcomes)).toHaveLength(BACKLOG);
    await waitUntil(
      async () => (await countWithStatus(platform.db, backlogId, 'held')) === BACKLOG || undefined,
      120_000,
      250,
    );

    expect((await platform.api('POST', `/v1/subscriptions/${backlogId}/resume`)).status).toBe(200);
    // The drain is under way: every attempt slot is taken and the rest wait in the task queue.
    await backlog.waitFor(2 * ACTIVITY_SLOTS);

    const latenciesMs: number[] = [];
    for (let n = 1; n <= HEALTHY_EVENTS; n += 1) {
      const sentAt = Date.now();
      const published = await platform.api('POST', '/v1/events', orderCreatedEvent('shop_healthy'));
      expect(published.status).toBe(202);
      const [arrived] = (await healthy.waitFor(n)).slice(-1);
      latenciesMs.push(arrived!.receivedAt - sentAt);
    }
    const backlogArrivedMeanwhile = backlog.received.length;

    await backlog.waitFor(BACKLOG, 120_000);
    await waitUntil(
      async () =>
        (await countWithStatus(platform.db, backlogId, 'delivered')) === BACKLOG || undefined,
      60_000,
      250,
    );
    figures.info(
      { backlog: BACKLOG, backlogArrivedMeanwhile, healthyLatenciesMs: latenciesMs },
      'backlog fairness figures',
    );
    // First come, first served, each healthy delivery would wait for the backlog before it.
    expect(backlogArrivedMeanwhile).toBeLessThan(BACKLOG / 2);
    expect(healthy.received).toHaveLength(HEALTHY_EVENTS);
  });
});

describe('the release of a resumed subscription', () => {
  const HELD = 40;
  const RELEASE_RATE = 10;
  let platform: TestPlatform;
  let subscriber: TestSubscriber;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_RELEASE_RATE: String(RELEASE_RATE) });
    subscriber = await TestSubscriber.start();
  });

  afterAll(async () => {
    await subscriber.stop();
    await platform.stop();
  });

  test('signals its held deliveries at the configured rate, and answers their number at once', async () => {
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_paced',
    });
    const id = created.body.id as string;
    await platform.api('POST', `/v1/subscriptions/${id}/pause`);
    const events = Array.from({ length: HELD }, () => identifiedOrderEvent('shop_paced'));
    expect(acceptedIds(await publishMany(() => platform.url, events, 10))).toHaveLength(HELD);
    await waitUntil(
      async () => (await countWithStatus(platform.db, id, 'held')) === HELD || undefined,
      60_000,
      250,
    );

    const resumed = await platform.api('POST', `/v1/subscriptions/${id}/resume`);
    const received = await subscriber.waitFor(HELD, 60_000);

    expect(resumed.body).toMatchObject({ status: 'active', released: HELD });
    const spanMs = received.at(-1)!.receivedAt - received[0]!.receivedAt;
    figures.info({ held: HELD, releaseRate: RELEASE_RATE, spanMs }, 'paced release figures');
    // Forty signals at ten a second take 3.9 s at least; all at once they arrive within one.
    expect(spanMs).toBeGreaterThanOrEqual(((HELD - 1) / RELEASE_RATE) * 1000 - 100);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(HELD);
  });
});
