import { orderCreatedEvent, verifyWithLibrary, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

describe('subscription control', () => {
  const subscribers: TestSubscriber[] = [];
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_RETRY_SCHEDULE: '0s,200ms' });
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function subscribed(shopId: string, respond?: Parameters<typeof TestSubscriber.start>[0]) {
    const subscriber = await TestSubscriber.start(respond);
    subscribers.push(subscriber);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId,
    });
    return { subscriber, subscription: created.body as { id: string; secret: string } };
  }

  async function deliveryIn(subscriptionId: string, status: string) {
    return waitUntil(async () => {
      const list = await platform.api(
        'GET',
        `/v1/subscriptions/${subscriptionId}/deliveries?status=${status}`,
      );
      return list.body.data[0];
    });
  }

  test('a paused subscription holds its deliveries without spending attempts, and resuming releases them', async () => {
    const { subscriber, subscription } = await subscribed('shop_c1');
    await platform.api('POST', `/v1/subscriptions/${subscription.id}/pause`);

    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_c1'));
    const held = await deliveryIn(subscription.id, 'held');

    expect(held.attemptCount).toBe(0);
    expect(subscriber.received).toHaveLength(0);
    const resumed = await platform.api('POST', `/v1/subscriptions/${subscription.id}/resume`);
    expect(resumed.body).toMatchObject({ status: 'active', released: 1 });
    await subscriber.waitFor(1);
    const delivered = await deliveryIn(subscription.id, 'delivered');
    expect(delivered.attemptCount).toBe(1);
  });

  test('after rotate-secret, deliveries carry signatures that verify under the new and the previous secret', async () => {
    const { subscriber, subscription } = await subscribed('shop_c2');

    const rotated = await platform.api(
      'POST',
      `/v1/subscriptions/${subscription.id}/rotate-secret`,
    );
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_c2'));

    expect(rotated.body.secret).not.toBe(subscription.secret);
    const [request] = await subscriber.waitFor(1);
    expect(String(request!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWithLibrary(rotated.body.secret, request!)).toBeDefined();
    expect(verifyWithLibrary(subscription.secret, request!)).toBeDefined();
  });

  test('a 410 Gone answer disables the subscription and holds the delivery', async () => {
    const { subscriber, subscription } = await subscribed('shop_c3', () => ({ status: 410 }));

    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_c3'));

    const held = await deliveryIn(subscription.id, 'held');
    expect(held.attempts).toEqual([expect.objectContaining({ statusCode: 410 })]);
    const read = await platform.api('GET', `/v1/subscriptions/${subscription.id}`);
    expect(read.body).toMatchObject({
      status: 'disabled',
      statusReason: expect.stringMatching(/410/),
    });
    expect(subscriber.received).toHaveLength(1);
  });

  test('deleting a subscription cancels its open deliveries and records them as cancelled', async () => {
    const { subscription } = await subscribed('shop_c4', () => ({ status: 500 }));
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_c4'));
    const open = await deliveryIn(subscription.id, 'retrying');

    const removed = await platform.api('DELETE', `/v1/subscriptions/${subscription.id}`);

    expect(removed.status).toBe(204);
    expect((await platform.api('GET', `/v1/subscriptions/${subscription.id}`)).status).toBe(404);
    const row = await platform.db
      .selectFrom('deliveries')
      .select('status')
      .where('id', '=', open.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    const handle = platform.temporal.workflow.getHandle(
      `delivery:${open.eventId}:${subscription.id}`,
    );
    const description = await waitUntil(async () => {
      const d = await handle.describe();
      return d.status.name === 'RUNNING' ? undefined : d;
    });
    expect(description.status.name).toBe('COMPLETED');
  });

  test('a subscription can be read, listed with a cursor, and changed field by field', async () => {
    const { subscription } = await subscribed('shop_c5');

    const changed = await platform.api('PATCH', `/v1/subscriptions/${subscription.id}`, {
      description: 'ERP',
      eventTypes: ['ORDER_CREATED', 'ORDER_UPDATED'],
    });
    const firstPage = await platform.api('GET', '/v1/subscriptions?limit=1');
    const secondPage = await platform.api(
      'GET',
      `/v1/subscriptions?limit=1&cursor=${firstPage.body.next}`,
    );

    expect(changed.body).toMatchObject({
      description: 'ERP',
      eventTypes: ['ORDER_CREATED', 'ORDER_UPDATED'],
    });
    expect(changed.body.secret).toBeUndefined();
    expect(firstPage.body.data).toHaveLength(1);
    expect(secondPage.body.data[0].id).not.toBe(firstPage.body.data[0].id);
  });

  test('changing an unknown subscription answers 404 and an empty change 422', async () => {
    const { subscription } = await subscribed('shop_c6');

    const unknown = await platform.api('PATCH', '/v1/subscriptions/sub_nope', { description: 'x' });
    const empty = await platform.api('PATCH', `/v1/subscriptions/${subscription.id}`, {});

    expect(unknown.status).toBe(404);
    expect(empty.status).toBe(422);
  });

  test('a test event reaches that subscription alone and leaves the order store as it was', async () => {
    const target = await subscribed('shop_c7');
    const bystander = await subscribed('shop_c7');

    const answer = await platform.api('POST', `/v1/subscriptions/${target.subscription.id}/test`, {
      type: 'PAYMENT_STATUS_UPDATED',
    });

    expect(answer.status).toBe(202);
    const [received] = await target.subscriber.waitFor(1);
    expect(JSON.parse(received!.body).type).toBe('PAYMENT_STATUS_UPDATED');
    expect(received!.headers['webhook-id']).toBe(answer.body.eventId);
    await waitUntil(async () => {
      const delivery = await platform.api('GET', `/v1/deliveries/${answer.body.deliveryId}`);
      return delivery.body.status === 'delivered' ? true : undefined;
    });
    expect(bystander.subscriber.received).toHaveLength(0);
    expect((await platform.api('GET', '/v1/orders/ord_1001')).status).toBe(404);
  });

  test('the deliveries changed since a moment are listed oldest change first, for a tail', async () => {
    const since = new Date().toISOString();
    const { subscription } = await subscribed('shop_c8');
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_c8'));
    await deliveryIn(subscription.id, 'delivered');

    // A change is listed once it is a second old.
    const mineIn = (body: { data: { subscriptionId: string }[] }) =>
      body.data.filter((d) => d.subscriptionId === subscription.id);
    const changed = await waitUntil(async () => {
      const answer = await platform.api('GET', `/v1/deliveries?since=${since}`);
      return mineIn(answer.body).length > 0 ? answer : undefined;
    });

    expect(mineIn(changed.body)).toEqual([expect.objectContaining({ status: 'delivered' })]);
    const after = await platform.api('GET', `/v1/deliveries?cursor=${changed.body.next}`);
    expect(mineIn(after.body)).toEqual([]);
    expect(after.body.next).toBe(changed.body.next);
  });

  test('an operator holds one delivery by signal: no attempt until released, then it is delivered', async () => {
    let healthy = false;
    const { subscriber, subscription } = await subscribed('shop_c9', () =>
      healthy ? undefined : { status: 500 },
    );
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_c9'));
    const open = await deliveryIn(subscription.id, 'retrying');
    const handle = platform.temporal.workflow.getHandle(
      `delivery:${open.eventId}:${subscription.id}`,
    );

    await handle.signal('hold');
    const held = await deliveryIn(subscription.id, 'held');
    const requestsWhenHeld = subscriber.received.length;
    await new Promise((resolve) => setTimeout(resolve, 800));
    const requestsAfterWaiting = subscriber.received.length;
    const statusWhileHeld = await handle.query('deliveryStatus');
    healthy = true;
    await handle.signal('release');

    expect(held.id).toBe(open.id);
    expect(statusWhileHeld).toMatchObject({ state: 'held' });
    expect(requestsAfterWaiting).toBe(requestsWhenHeld);
    const delivered = await deliveryIn(subscription.id, 'delivered');
    expect(delivered.attempts.at(-1).statusCode).toBe(200);
    const during = delivered.attempts.filter(
      (a: { startedAt: string }) => a.startedAt > held.updatedAt,
    );
    expect(during).toHaveLength(1);
  });
});
