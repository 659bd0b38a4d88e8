import { randomUUID } from 'node:crypto';
import { eventExamples } from '../../src/events/examples';
import { waitUntil } from '../helpers/fixtures';
import { against, runCli } from './cli-run';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { type ReceivedRequest, type Responder, TestSubscriber } from '../helpers/subscriber';

/** An ORDER_CREATED (version 1) or ORDER_UPDATED event of one order at `version`. */
function orderChange(shopId: string, orderId: string, version: number) {
  const type = version === 1 ? 'ORDER_CREATED' : 'ORDER_UPDATED';
  const order = { ...eventExamples.ORDER_CREATED.order, id: orderId, shopId, version };
  return { type, data: { order } };
}

const versionOf = (request: ReceivedRequest): number => JSON.parse(request.body).data.order.version;
const orderOf = (request: ReceivedRequest): string => JSON.parse(request.body).data.order.id;

describe('ordered delivery per order', () => {
  const subscribers: TestSubscriber[] = [];
  let platform: TestPlatform;

  beforeAll(async () => {
    // The first retry waits 3 s: long enough to see what is held back meanwhile.
    platform = await startPlatform({ HOOKLINE_RETRY_SCHEDULE: '0s,3s' });
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function subscribed(shopId: string, respond?: Responder, ordering = 'order') {
    const subscriber = await TestSubscriber.start(respond);
    subscribers.push(subscriber);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED', 'ORDER_UPDATED'],
      shopId,
      ordering,
    });
    expect(created.status).toBe(201);
    return { subscriber, id: created.body.id as string };
  }

  /** Publishes one change and waits until hookline has accepted it and planned its delivery. */
  async function publishAccepted(subscriptionId: string, event: unknown) {
    const published = await platform.api('POST', '/v1/events', event);
    expect(published.status).toBe(202);
    const eventId = published.body.eventId as string;
    await waitUntil(async () => {
      const row = await platform.db
        .selectFrom('deliveries')
        .select('id')
        .where('event_id', '=', eventId)
        .where('subscription_id', '=', subscriptionId)
        .executeTakeFirst();
      return row;
    });
    return eventId;
  }

  test('a subscriber that fails the first of three updates of one order receives all three in version order, while another order is not held back', async () => {
    const shopId = 'shop_o1';
    const [slow, other] = [`ord_${randomUUID().slice(0, 8)}`, `ord_${randomUUID().slice(0, 8)}`];
    const { subscriber, id } = await subscribed(shopId, (_request, index) =>
      index === 0 ? { status: 500 } : undefined,
    );

    await publishAccepted(id, orderChange(shopId, slow, 1));
    await subscriber.waitFor(1);
    await publishAccepted(id, orderChange(shopId, slow, 2));
    await publishAccepted(id, orderChange(shopId, slow, 3));
    await publishAccepted(id, orderChange(shopId, other, 1));
    const received = await subscriber.waitFor(5);

    const ofSlow = received.filter((request) => orderOf(request) === slow);
    expect(ofSlow.map(versionOf)).toEqual([1, 1, 2, 3]);
    const otherAt = received.findIndex((request) => orderOf(request) === other);
    const retryAt = received.indexOf(ofSlow[1]!);
    expect(otherAt).toBeLessThan(retryAt);
    const queue = await platform.temporal.workflow.getHandle(`ordered:${id}:${slow}`).describe();
    expect(queue.type).toBe('orderedDeliveryWorkflow');
    const deliveries = await platform.api('GET', `/v1/subscriptions/${id}/deliveries`);
    expect(deliveries.body.data.map((d: { status: string }) => d.status)).toEqual(
      Array(4).fill('delivered'),
    );
  });

  test('a paused ordered subscription holds the changes of an order and sends them in order on resume', async () => {
    const shopId = 'shop_o2';
    const orderId = `ord_${randomUUID().slice(0, 8)}`;
    const { subscriber, id } = await subscribed(shopId);
    await platform.api('POST', `/v1/subscriptions/${id}/pause`);

    for (const version of [1, 2, 3])
      await publishAccepted(id, orderChange(shopId, orderId, version));
    await waitUntil(async () => {
      const held = await platform.api('GET', `/v1/subscriptions/${id}/deliveries?status=held`);
      return held.body.data.length === 1 ? held : undefined;
    });
    const receivedWhilePaused = subscriber.received.length;
    const resumed = await platform.api('POST', `/v1/subscriptions/${id}/resume`);
    const received = await subscriber.waitFor(3);

    expect(receivedWhilePaused).toBe(0);
    expect(resumed.status).toBe(200);
    expect(received.map(versionOf)).toEqual([1, 2, 3]);
  });

  test('deleting an ordered subscription cancels the running change and those queued behind it', async () => {
    const shopId = 'shop_o5';
    const orderId = `ord_${randomUUID().slice(0, 8)}`;
    const { subscriber, id } = await subscribed(shopId, () => ({ status: 500 }));
    await publishAccepted(id, orderChange(shopId, orderId, 1));
    await subscriber.waitFor(1);
    const queuedEventId = await publishAccepted(id, orderChange(shopId, orderId, 2));

    const removed = await platform.api('DELETE', `/v1/subscriptions/${id}`);
    // The queue goes on to the second change, whose workflow finds the subscription deleted.
    const queued = platform.temporal.workflow.getHandle(`delivery:${queuedEventId}:${id}`);
    const ended = await waitUntil(() => queued.result().catch(() => undefined));

    expect(removed.status).toBe(204);
    const statuses = await waitUntil(async () => {
      const rows = await platform.db
        .selectFrom('deliveries')
        .select('status')
        .where('subscription_id', '=', id)
        .execute();
      return rows.every((row) => row.status === 'cancelled') ? rows : undefined;
    });
    expect(statuses).toHaveLength(2);
    expect(ended.state).toBe('cancelled');
    expect(subscriber.received.map(versionOf).every((version) => version === 1)).toBe(true);
  });

  test('a replayed delivery of an ordered subscription is sent again through its order', async () => {
    const shopId = 'shop_o3';
    const orderId = `ord_${randomUUID().slice(0, 8)}`;
    const { subscriber, id } = await subscribed(shopId);
    const eventId = await publishAccepted(id, orderChange(shopId, orderId, 1));
    const [first] = await subscriber.waitFor(1);
    const delivered = await waitUntil(async () => {
      const list = await platform.api('GET', `/v1/subscriptions/${id}/deliveries?status=delivered`);
      return list.body.data[0];
    });

    const replayed = await platform.api('POST', `/v1/deliveries/${delivered.id}/retry`);
    const received = await subscriber.waitFor(2);

    expect(replayed.status).toBe(202);
    expect(received[1]!.headers['webhook-id']).toBe(eventId);
    expect(versionOf(received[1]!)).toBe(versionOf(first!));
  });

  test('ordering and throttling are shown, changed and refused with field paths when invalid', async () => {
    const { id } = await subscribed('shop_o4', undefined, 'none');

    const shown = await platform.api('GET', `/v1/subscriptions/${id}`);
    const changed = await platform.api('PATCH', `/v1/subscriptions/${id}`, {
      ordering: 'order',
      rateLimitPerSecond: 10,
      maxInFlight: 2,
    });
    const cleared = await platform.api('PATCH', `/v1/subscriptions/${id}`, {
      rateLimitPerSecond: null,
    });
    const refused = await platform.api('POST', '/v1/subscriptions', {
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['ORDER_CREATED'],
      ordering: 'sometimes',
      rateLimitPerSecond: 0,
      maxInFlight: 1.5,
    });

    expect(shown.body).toMatchObject({
      ordering: 'none',
      rateLimitPerSecond: null,
      maxInFlight: null,
      throttledUntil: null,
    });
    expect(changed.body).toMatchObject({
      ordering: 'order',
      rateLimitPerSecond: 10,
      maxInFlight: 2,
    });
    expect(cleared.body).toMatchObject({ rateLimitPerSecond: null, maxInFlight: 2 });
    expect(refused.status).toBe(422);
    const paths = refused.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['maxInFlight', 'ordering', 'rateLimitPerSecond']);
  });

  test('hookline subscriptions create and update set ordering and limits, and show prints them', async () => {
    const hookline = (...args: string[]) => runCli([...against(platform), ...args]);

    const created = await hookline(
      ...['subscriptions', 'create', '--url', 'http://127.0.0.1:9/hook', '--json'],
      ...['--event-types', 'ORDER_CREATED', '--ordering', 'order', '--rate-limit', '5'],
    );
    const id = JSON.parse(created.stdout).id as string;
    const updated = await hookline(
      ...['subscriptions', 'update', id, '--rate-limit', 'none', '--max-in-flight', '3'],
    );
    const refused = await hookline('subscriptions', 'update', id, '--max-in-flight', '0');

    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ ordering: 'order', rateLimitPerSecond: 5 });
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(/│ max in flight\s+│ 3\s+│/);
    expect(updated.stdout).toMatch(/│ rate limit \(\/s\)\s+│\s+│/);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('expected a whole number of 1 or more, or none');
  });
});
