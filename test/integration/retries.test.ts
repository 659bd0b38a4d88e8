import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { freePort } from '../helpers/ports';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

/**
 * The default schedule (0s, 5s, 5m, 30m, 2h, 5h, 10h, 10h, then 24h to a 3 day horizon)
 * divided by 20,000, given through HOOKLINE_RETRY_SCHEDULE and HOOKLINE_RETRY_HORIZON.
 */
const COMPRESSED_SCHEDULE = {
  HOOKLINE_RETRY_SCHEDULE: '0ms,1ms,15ms,90ms,360ms,900ms,1800ms,1800ms,4320ms',
  HOOKLINE_RETRY_HORIZON: '12960ms',
};

describe('retries', () => {
  const subscribers: TestSubscriber[] = [];
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform(COMPRESSED_SCHEDULE);
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function subscribeTo(subscriber: TestSubscriber, shopId: string) {
    subscribers.push(subscriber);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId,
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; secret: string };
  }

  async function deliveriesOf(subscriptionId: string, status: string) {
    const list = await platform.api(
      'GET',
      `/v1/subscriptions/${subscriptionId}/deliveries?status=${status}`,
    );
    return list.body.data;
  }

  test('a subscriber that answers 503 three times and then 200 gets the event, with the same webhook-id on every attempt', async () => {
    const subscriber = await TestSubscriber.start((_req, index) =>
      index < 3 ? { status: 503, body: 'busy' } : undefined,
    );
    const subscription = await subscribeTo(subscriber, 'shop_r1');

    const published = await platform.api('POST', '/v1/events', orderCreatedEvent('shop_r1'));

    const received = await subscriber.waitFor(4);
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([published.body.eventId]),
    );
    const [delivery] = await waitUntil(async () => {
      const done = await deliveriesOf(subscription.id, 'delivered');
      return done.length === 1 ? done : undefined;
    });
    expect(delivery.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([
      503, 503, 503, 200,
    ]);
    expect(delivery.attempts[0].responseBody).toBe('busy');
  });

  test('a subscriber down for three days of schedule (compressed 20000x through HOOKLINE_RETRY_SCHEDULE) gets the event when it comes back', async () => {
    const port = await freePort();
    const subscriber = await TestSubscriber.start(undefined, { port });
    await subscriber.stop();
    const subscription = await subscribeTo(subscriber, 'shop_r2');

    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_r2'));
    await waitUntil(async () => {
      const retrying = await deliveriesOf(subscription.id, 'retrying');
      return retrying[0]?.attemptCount >= 6 ? true : undefined;
    }, 20_000);
    const revived = await TestSubscriber.start(undefined, { port });
    subscribers.push(revived);

    const [received] = await revived.waitFor(1, 15_000);
    expect(received).toBeDefined();
    const [delivery] = await waitUntil(async () => {
      const done = await deliveriesOf(subscription.id, 'delivered');
      return done.length === 1 ? done : undefined;
    });
    expect(delivery.attempts.at(0).error).toMatch(/ECONNREFUSED/);
    expect(delivery.attempts.at(-1).statusCode).toBe(200);
  });

  test('a delivery past its horizon is failed and kept; replayed, it arrives with the same webhook-id', async () => {
    let healthy = false;
    const subscriber = await TestSubscriber.start(() => (healthy ? undefined : { status: 500 }));
    const subscription = await subscribeTo(subscriber, 'shop_r3');
    const published = await platform.api('POST', '/v1/events', orderCreatedEvent('shop_r3'));
    const [failed] = await waitUntil(async () => {
      const list = await deliveriesOf(subscription.id, 'failed');
      return list.length === 1 ? list : undefined;
    }, 30_000);
    const attemptsBefore = subscriber.received.length;
    healthy = true;

    const replay = await platform.api('POST', `/v1/deliveries/${failed.id}/retry`);

    expect(replay.status).toBe(202);
    const received = await subscriber.waitFor(attemptsBefore + 1);
    expect(received.at(-1)!.headers['webhook-id']).toBe(published.body.eventId);
    const delivered = await waitUntil(async () => {
      const list = await deliveriesOf(subscription.id, 'delivered');
      return list.length === 1 ? list[0] : undefined;
    });
    expect(delivered.attempts.at(-1).attemptNumber).toBe(attemptsBefore + 1);
  });

  test('a bulk replay starts every failed delivery of a subscription and answers how many', async () => {
    let healthy = false;
    const subscriber = await TestSubscriber.start(() => (healthy ? undefined : { status: 500 }));
    const subscription = await subscribeTo(subscriber, 'shop_r4');
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_r4'));
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_r4'));
    await waitUntil(async () => {
      const list = await deliveriesOf(subscription.id, 'failed');
      return list.length === 2 ? list : undefined;
    }, 30_000);
    healthy = true;

    const replay = await platform.api('POST', `/v1/subscriptions/${subscription.id}/replay`, {
      status: 'failed',
    });

    expect(replay.body).toEqual({ started: 2 });
    await waitUntil(async () => {
      const list = await deliveriesOf(subscription.id, 'delivered');
      return list.length === 2 ? list : undefined;
    });
  });

  test('a replay of a delivery still in progress is refused with 409', async () => {
    const subscriber = await TestSubscriber.start(() => ({ status: 500 }));
    const subscription = await subscribeTo(subscriber, 'shop_r5');
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_r5'));
    const [open] = await waitUntil(async () => {
      const list = await deliveriesOf(subscription.id, 'retrying');
      return list.length === 1 ? list : undefined;
    });

    const replay = await platform.api('POST', `/v1/deliveries/${open.id}/retry`);

    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('conflict');
  });
});
