import { createLogger } from '../../src/logger';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { type ReceivedRequest, type Responder, TestSubscriber } from '../helpers/subscriber';
import { WorkerProcess } from '../helpers/worker-process';

const RATE = 2;
/** The figures of a run go to the test log at info, whatever LOG_LEVEL the platform uses. */
const figures = createLogger({ level: 'info', format: 'json' });
const EVENTS = 16;

/** How many requests arrived in each wall-clock second at the subscriber. */
function perSecond(received: ReceivedRequest[]): number[] {
  const counts = new Map<number, number>();
  for (const request of received) {
    const second = Math.floor(request.receivedAt / 1000);
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }
  return [...counts.values()];
}

/** Mean time from publishing an event to its arrival, by `webhook-id`. */
function meanLatencyMs(publishedAt: Map<string, number>, received: ReceivedRequest[]): number {
  const latencies = received
    .filter((r) => publishedAt.has(String(r.headers['webhook-id'])))
    .map((r) => r.receivedAt - publishedAt.get(String(r.headers['webhook-id']))!);
  return latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
}

describe('throttling per subscription', () => {
  const subscribers: TestSubscriber[] = [];
  let platform: TestPlatform;
  let secondWorker: WorkerProcess | undefined;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_RETRY_SCHEDULE: '0s,10s' });
  });

  afterAll(async () => {
    await secondWorker?.kill();
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function subscribed(shopId: string, limits: object = {}, respond?: Responder) {
    const subscriber = await TestSubscriber.start(respond);
    subscribers.push(subscriber);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId,
      ...limits,
    });
    expect(created.status).toBe(201);
    return { subscriber, id: created.body.id as string };
  }

  /** Publishes `count` events at once, so that they are all accepted within a short span. */
  async function publish(shopId: string, count: number, publishedAt: Map<string, number>) {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const sent = Date.now();
        const answer = await platform.api('POST', '/v1/events', orderCreatedEvent(shopId));
        expect(answer.status).toBe(202);
        publishedAt.set(answer.body.eventId, sent);
      }),
    );
  }

  test('with a limit of N per second across two workers no second sees more than N at the subscriber, and another subscriber is not held behind', async () => {
    secondWorker = await WorkerProcess.start(platform.config);
    const shopId = 'shop_t1';
    const fast = await subscribed(shopId);
    const baselineAt = new Map<string, number>();
    await publish(shopId, EVENTS, baselineAt);
    await fast.subscriber.waitFor(EVENTS);
    const baselineMs = meanLatencyMs(baselineAt, fast.subscriber.received);
    // The workers write no more before the next subscription is created: two processes on
    // one SQLite file would otherwise race the API's transaction.
    await waitUntil(async () => {
      const list = await platform.api('GET', `/v1/subscriptions/${fast.id}/deliveries?limit=100`);
      const done = list.body.data.filter((d: { status: string }) => d.status === 'delivered');
      return done.length === EVENTS ? done : undefined;
    });
    const throttled = await subscribed(shopId, { rateLimitPerSecond: RATE });
    fast.subscriber.received.length = 0;

    const publishedAt = new Map<string, number>();
    await publish(shopId, EVENTS, publishedAt);
    await fast.subscriber.waitFor(EVENTS);
    const throttledCountWhenFastDone = throttled.subscriber.received.length;
    const received = await throttled.subscriber.waitFor(EVENTS, 60_000);
    const recorded = await waitUntil(async () => {
      const list = await platform.api('GET', `/v1/subscriptions/${throttled.id}/deliveries`);
      const done = list.body.data.filter((d: { status: string }) => d.status === 'delivered');
      return done.length === EVENTS ? done : undefined;
    });
    await secondWorker.kill();

    const withThrottledMs = meanLatencyMs(publishedAt, fast.subscriber.received);
    const seconds = perSecond(received);
    const spanMs = received.at(-1)!.receivedAt - received[0]!.receivedAt;
    figures.info(
      { baselineMs, withThrottledMs, seconds, spanMs, throttledCountWhenFastDone },
      'throttling figures',
    );
    expect(Math.max(...seconds)).toBeLessThanOrEqual(RATE);
    expect(throttledCountWhenFastDone).toBeLessThan(EVENTS / 2);
    const ids: string[] = recorded.map((d: { id: string }) => d.id);
    const byProcess = secondWorker.lines.filter(
      (line) => line.includes('"delivered"') && ids.some((id) => line.includes(id)),
    );
    expect(byProcess.length).toBeGreaterThan(0);
    expect(recorded.every((d: { attemptCount: number }) => d.attemptCount === 1)).toBe(true);
  });

  test('with at most one in flight a slow subscriber never has two requests open at once', async () => {
    const open = { now: 0, most: 0 };
    const { subscriber } = await subscribed('shop_t2', { maxInFlight: 1 }, () => {
      open.now += 1;
      open.most = Math.max(open.most, open.now);
      setTimeout(() => (open.now -= 1), 300);
      return { status: 200, delayMs: 300 };
    });

    await publish('shop_t2', 5, new Map());
    await subscriber.waitFor(5);

    expect(open.most).toBe(1);
  });

  test('a 429 with Retry-After holds back the other deliveries of the subscription until then, without spending their attempts', async () => {
    const { subscriber, id } = await subscribed('shop_t3', {}, (_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '3' } } : undefined,
    );
    await publish('shop_t3', 1, new Map());
    const [refused] = await subscriber.waitFor(1);
    const shown = await waitUntil(async () => {
      const read = await platform.api('GET', `/v1/subscriptions/${id}`);
      return read.body.throttledUntil === null ? undefined : read.body;
    });

    await publish('shop_t3', 2, new Map());
    const received = await subscriber.waitFor(4);

    expect(Date.parse(shown.throttledUntil) - refused!.receivedAt).toBeGreaterThan(2900);
    const later = received.slice(1).map((r) => r.receivedAt - refused!.receivedAt);
    expect(Math.min(...later)).toBeGreaterThanOrEqual(2900);
    // The subscriber has its requests a moment before the worker writes the outcomes down.
    const delivered = await waitUntil(async () => {
      const list = await platform.api('GET', `/v1/subscriptions/${id}/deliveries?status=delivered`);
      return list.body.data.length === 3 ? list.body.data : undefined;
    });
    const attempts = delivered.map((d: { attemptCount: number }) => d.attemptCount).sort();
    expect(attempts).toEqual([1, 1, 2]);
  });
});
