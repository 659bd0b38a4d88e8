import { eventExamples } from '../../src/events/examples';
import { orderCreatedEvent, settledWorkflowCount, waitUntil } from '../helpers/fixtures';
import { sendIncoming } from '../helpers/incoming';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

const INCOMING_TYPES = [
  'ORDER_CREATED',
  'ORDER_UPDATED',
  'PAYMENT_STATUS_UPDATED',
  'SHIPPING_STATUS_UPDATED',
];

describe('incoming webhooks', () => {
  const subscribers: TestSubscriber[] = [];
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_SOURCE_RATE_LIMIT: '40' });
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function createSource(shopId: string, appId?: string, eventTypes = INCOMING_TYPES) {
    const created = await platform.api('POST', '/v1/sources', {
      name: `app for ${shopId}`,
      shopId,
      eventTypes,
      ...(appId === undefined ? {} : { appId }),
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; secret: string; url: string; appId: string };
  }

  async function subscribe(shopId: string, appId?: string) {
    const subscriber = await TestSubscriber.start();
    subscribers.push(subscriber);
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: INCOMING_TYPES,
      shopId,
      ...(appId === undefined ? {} : { appId }),
    });
    return subscriber;
  }

  async function incomingStatus(eventId: string, wanted: string) {
    return waitUntil(async () => {
      const answer = await platform.api('GET', `/v1/incoming/${eventId}`);
      return answer.body?.status === wanted ? answer.body : undefined;
    });
  }

  const workflowCount = () =>
    settledWorkflowCount(platform.temporal, platform.config.temporal.taskQueue);

  function orderUpdated(order: any, version: number, changes: object = {}) {
    return { type: 'ORDER_UPDATED', data: { order: { ...order, ...changes, version } } };
  }

  test('an accounting app creates an order: the store holds it and the shipping app hears of it, the accounting app does not', async () => {
    const accounting = await createSource('shop_in1', 'accounting');
    const accountingOwn = await subscribe('shop_in1', 'accounting');
    const shipping = await subscribe('shop_in1', 'shipping');
    const event = orderCreatedEvent('shop_in1');

    const answer = await sendIncoming(platform.url, accounting, event);

    expect(answer.status).toBe(202);
    const [received] = await shipping.waitFor(1);
    expect(JSON.parse(received!.body).data).toEqual(event.data);
    const status = await incomingStatus(answer.body.eventId, 'published');
    expect(status.outgoingEventId).toBe(answer.body.eventId);
    const order = await platform.api('GET', `/v1/orders/${event.data.order.id}`);
    expect(order.body).toMatchObject({ version: 1, lastChangedBy: accounting.id });
    const listed = await platform.api('GET', '/v1/orders?shopId=shop_in1');
    expect(listed.body.data.map((o: { id: string }) => o.id)).toEqual([event.data.order.id]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(accountingOwn.received).toHaveLength(0);
  });

  test('the same webhook-id sent twice, and twice at once, applies once', async () => {
    const source = await createSource('shop_in2');
    const subscriber = await subscribe('shop_in2');
    const first = orderCreatedEvent('shop_in2');
    const second = orderCreatedEvent('shop_in2');

    const a = await sendIncoming(platform.url, source, first, { webhookId: 'msg_same_1' });
    const b = await sendIncoming(platform.url, source, first, { webhookId: 'msg_same_1' });
    const [c, d] = await Promise.all([
      sendIncoming(platform.url, source, second, { webhookId: 'msg_same_2' }),
      sendIncoming(platform.url, source, second, { webhookId: 'msg_same_2' }),
    ]);

    expect([a.status, b.status, c.status, d.status]).toEqual([202, 202, 202, 202]);
    expect(b.body).toEqual({ eventId: a.body.eventId, duplicate: true });
    expect(d.body.eventId).toBe(c.body.eventId);
    expect([c.body.duplicate, d.body.duplicate].sort()).toEqual([false, true]);
    await subscriber.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subscriber.received).toHaveLength(2);
  });

  test('two updates of one order arriving in the wrong order leave the newer state', async () => {
    const source = await createSource('shop_in3');
    const created = orderCreatedEvent('shop_in3');
    await sendIncoming(platform.url, source, created);
    const order = created.data.order;
    await waitUntil(async () => {
      const stored = await platform.api('GET', `/v1/orders/${order.id}`);
      return stored.status === 200 ? true : undefined;
    });

    const newer = await sendIncoming(
      platform.url,
      source,
      orderUpdated(order, 3, { paymentStatus: 'paid' }),
    );
    await incomingStatus(newer.body.eventId, 'published');
    const older = await sendIncoming(
      platform.url,
      source,
      orderUpdated(order, 2, { paymentStatus: 'authorized' }),
    );

    const stale = await incomingStatus(older.body.eventId, 'stale');
    expect(stale.outgoingEventId).toBeNull();
    const stored = await platform.api('GET', `/v1/orders/${order.id}`);
    expect(stored.body).toMatchObject({ version: 3, paymentStatus: 'paid' });
  });

  test('an update for an unknown order is rejected with its reason, and the workflow fails without retrying', async () => {
    const source = await createSource('shop_in4');
    const payment = {
      type: 'PAYMENT_STATUS_UPDATED',
      data: { ...eventExamples.PAYMENT_STATUS_UPDATED, shopId: 'shop_in4', orderId: 'ord_nope' },
    };

    const answer = await sendIncoming(platform.url, source, payment);

    expect(answer.status).toBe(202);
    const rejected = await incomingStatus(answer.body.eventId, 'rejected');
    expect(rejected.reason).toBe('order ord_nope is unknown');
    const handle = platform.temporal.workflow.getHandle(`incoming:${answer.body.eventId}`);
    await expect(handle.result()).rejects.toThrow();
    expect((await handle.describe()).status.name).toBe('FAILED');
  });

  test('a payment status change the enumeration forbids is rejected', async () => {
    const source = await createSource('shop_in5');
    const created = orderCreatedEvent('shop_in5');
    await sendIncoming(platform.url, source, created);
    await waitUntil(async () => {
      const stored = await platform.api('GET', `/v1/orders/${created.data.order.id}`);
      return stored.status === 200 ? true : undefined;
    });
    const refund = {
      type: 'PAYMENT_STATUS_UPDATED',
      data: {
        ...eventExamples.PAYMENT_STATUS_UPDATED,
        shopId: 'shop_in5',
        orderId: created.data.order.id,
        version: 2,
        paymentStatus: 'refunded',
      },
    };

    const answer = await sendIncoming(platform.url, source, refund);

    const rejected = await incomingStatus(answer.body.eventId, 'rejected');
    expect(rejected.reason).toBe('payment status may not go from pending to refunded');
  });

  describe('the receiver answers', () => {
    let source: { id: string; secret: string };

    beforeAll(async () => {
      source = await createSource('shop_rx', undefined, ['ORDER_CREATED']);
    });

    test('202 with the event id for a valid signed event', async () => {
      const answer = await sendIncoming(platform.url, source, orderCreatedEvent('shop_rx'));

      expect(answer.status).toBe(202);
      expect(answer.body.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    });

    test('401 for a signature made with another secret, saying nothing more', async () => {
      const other = await createSource('shop_rx');
      const answer = await sendIncoming(
        platform.url,
        { id: source.id, secret: other.secret },
        orderCreatedEvent('shop_rx'),
      );

      expect(answer.status).toBe(401);
      expect(answer.body.error).toEqual({
        code: 'invalid_signature',
        message: 'The webhook signature could not be verified.',
        details: [],
      });
    });

    test('401 for a correctly signed request whose timestamp is 6 minutes old (a replay)', async () => {
      const at = new Date(Date.now() - 6 * 60 * 1000);

      const answer = await sendIncoming(platform.url, source, orderCreatedEvent('shop_rx'), { at });

      expect(answer.status).toBe(401);
    });

    test('401 for a body changed after signing', async () => {
      const body = JSON.stringify(orderCreatedEvent('shop_rx'));
      const signed = await import('../helpers/incoming').then((m) =>
        m.signedHeaders(source.secret, body),
      );

      const response = await fetch(`${platform.url}/hooks/${source.id}`, {
        method: 'POST',
        headers: signed,
        body: body.replace('"quantity":2', '"quantity":20'),
      });

      expect(response.status).toBe(401);
    });

    test('401 for an unknown source', async () => {
      const answer = await sendIncoming(
        platform.url,
        { id: 'src_0000', secret: source.secret },
        orderCreatedEvent('shop_rx'),
      );

      expect(answer.status).toBe(401);
    });

    test('403 for an event type the source may not send', async () => {
      const update = orderUpdated(orderCreatedEvent('shop_rx').data.order, 2);

      const answer = await sendIncoming(platform.url, source, update);

      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toBe('This source may not send ORDER_UPDATED.');
    });

    test('403 for another shop than the source may change', async () => {
      const answer = await sendIncoming(platform.url, source, orderCreatedEvent('shop_other'));

      expect(answer.status).toBe(403);
    });

    test('400 for a body that is not JSON', async () => {
      const answer = await sendIncoming(platform.url, source, '{"type": "ORDER_CR');

      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('malformed_json');
    });

    test('413 for a body larger than the limit', async () => {
      const huge = 'x'.repeat(platform.config.maxBodyBytes + 1);

      const answer = await sendIncoming(platform.url, source, huge);

      expect(answer.status).toBe(413);
    });

    test('415 for a body that is not sent as JSON', async () => {
      const answer = await sendIncoming(platform.url, source, orderCreatedEvent('shop_rx'), {
        headers: { 'content-type': 'text/plain' },
      });

      expect(answer.status).toBe(415);
    });

    test('422 naming each bad field of an event that does not match the catalog', async () => {
      const event = orderCreatedEvent('shop_rx');
      const bad = { ...event, data: { order: { ...event.data.order, lines: [], currency: 'x' } } };

      const answer = await sendIncoming(platform.url, source, bad);

      expect(answer.status).toBe(422);
      expect(answer.body.error.details.map((d: { path: string }) => d.path)).toEqual(
        expect.arrayContaining(['data.order.lines', 'data.order.currency']),
      );
    });

    test('none of the refused requests started a workflow', async () => {
      const before = await workflowCount();

      await sendIncoming(platform.url, source, '{');
      await sendIncoming(platform.url, source, { type: 'ORDER_CREATED', data: {} });
      await sendIncoming(platform.url, { id: source.id, secret: 'whsec_AAAA' }, {});

      expect(await workflowCount()).toBe(before);
    });

    test('429 with Retry-After when one source sends faster than its limit', async () => {
      const busy = await createSource('shop_rx', undefined, ['ORDER_CREATED']);
      const limit = platform.config.sourceRateLimitPerSec;

      let answer = await sendIncoming(platform.url, busy, '{');
      for (let sent = 1; answer.status !== 429 && sent < limit * 10; sent += 1) {
        answer = await sendIncoming(platform.url, busy, '{');
      }

      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });
  });

  describe('sources', () => {
    test('a disabled source is refused with 403, and enabled again it is accepted', async () => {
      const source = await createSource('shop_s1');

      await platform.api('POST', `/v1/sources/${source.id}/disable`);
      const refused = await sendIncoming(platform.url, source, orderCreatedEvent('shop_s1'));
      await platform.api('POST', `/v1/sources/${source.id}/enable`);
      const accepted = await sendIncoming(platform.url, source, orderCreatedEvent('shop_s1'));

      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('source_disabled');
      expect(accepted.status).toBe(202);
    });

    test('after rotate-secret both the new and the previous secret are accepted', async () => {
      const source = await createSource('shop_s2');

      const rotated = await platform.api('POST', `/v1/sources/${source.id}/rotate-secret`);
      const withOld = await sendIncoming(platform.url, source, orderCreatedEvent('shop_s2'));
      const withNew = await sendIncoming(
        platform.url,
        { id: source.id, secret: rotated.body.secret },
        orderCreatedEvent('shop_s2'),
      );

      expect([withOld.status, withNew.status]).toEqual([202, 202]);
    });

    test('a source is created with its URL and listed, read and deleted without its secret', async () => {
      const source = await createSource('shop_s3');

      const read = await platform.api('GET', `/v1/sources/${source.id}`);
      const list = await platform.api('GET', '/v1/sources?limit=200');
      const removed = await platform.api('DELETE', `/v1/sources/${source.id}`);
      const after = await sendIncoming(platform.url, source, orderCreatedEvent('shop_s3'));

      expect(source.id).toMatch(/^src_[0-9a-f]{32}$/);
      expect(source.url).toBe(`${platform.config.publicUrl}/hooks/${source.id}`);
      expect(read.body.secret).toBeUndefined();
      expect(list.body.data.map((s: { id: string }) => s.id)).toContain(source.id);
      expect(removed.status).toBe(204);
      expect(after.status).toBe(401);
    });

    test('a source that may send MICROSTORE_CLOSED is refused with 422', async () => {
      const answer = await platform.api('POST', '/v1/sources', {
        name: 'x',
        shopId: 'shop_s4',
        eventTypes: ['MICROSTORE_CLOSED'],
      });

      expect(answer.status).toBe(422);
      expect(answer.body.error.details[0].path).toBe('eventTypes.0');
    });
  });
});
