import { HooklinePublisher } from '../../src/client/publisher';
import { eventExamples } from '../../src/events/examples';
import { InvalidEventError } from '../../src/events/parse';
import {
  orderCreatedEvent,
  settledWorkflowCount,
  verifyWithLibrary,
  waitUntil,
} from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

describe('publishing an event', () => {
  let platform: TestPlatform;
  const subscribers: TestSubscriber[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function subscribe(eventTypes: string[], extra: Record<string, unknown> = {}) {
    const subscriber = await TestSubscriber.start();
    subscribers.push(subscriber);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes,
      ...extra,
    });
    expect(created.status).toBe(201);
    return { subscriber, subscription: created.body };
  }

  const countEventWorkflows = () =>
    settledWorkflowCount(platform.temporal, platform.config.temporal.taskQueue);

  test('an event reaches both subscribers of its type, signed so that a Standard Webhooks library verifies it, and not a subscriber of another type', async () => {
    const first = await subscribe(['ORDER_CREATED']);
    const second = await subscribe(['ORDER_CREATED', 'ORDER_UPDATED']);
    const other = await subscribe(['MICROSTORE_CLOSED']);
    const event = orderCreatedEvent();

    const published = await platform.api('POST', '/v1/events', event);

    expect(published.status).toBe(202);
    const [a] = await first.subscriber.waitFor(1);
    const [b] = await second.subscriber.waitFor(1);
    expect(verifyWithLibrary(first.subscription.secret, a!)).toEqual({
      type: 'ORDER_CREATED',
      timestamp: expect.any(String),
      data: event.data,
    });
    expect(verifyWithLibrary(second.subscription.secret, b!)).toMatchObject({ data: event.data });
    expect(a!.headers['webhook-id']).toBe(published.body.eventId);
    const delivered = await waitUntil(async () => {
      const list = await platform.api(
        'GET',
        `/v1/subscriptions/${first.subscription.id}/deliveries?status=delivered`,
      );
      return list.body.data.length === 1 ? list.body.data[0] : undefined;
    });
    expect(delivered.attempts).toEqual([
      expect.objectContaining({ attemptNumber: 1, statusCode: 200, error: null }),
    ]);
    expect(other.subscriber.received).toHaveLength(0);
  });

  test('the order store holds the published order', async () => {
    const event = orderCreatedEvent();

    await platform.api('POST', '/v1/events', event);

    const order = await waitUntil(async () => {
      const answer = await platform.api('GET', `/v1/orders/${event.data.order.id}`);
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(order).toEqual({
      ...event.data.order,
      lastChangedBy: 'shop',
      storedAt: expect.any(String),
    });
  });

  test('publishing the same event id twice starts one workflow and answers the same id', async () => {
    const { subscriber } = await subscribe(['ORDER_CREATED'], { shopId: 'shop_idem' });
    const event = { ...orderCreatedEvent('shop_idem'), id: 'evt_idempotent_1' };

    const first = await platform.api('POST', '/v1/events', event);
    const second = await platform.api('POST', '/v1/events', event);

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.eventId).toBe(first.body.eventId);
    await subscriber.waitFor(1);
    const third = await platform.api('POST', '/v1/events', event);
    expect(third.body).toEqual({ eventId: 'evt_idempotent_1', duplicate: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subscriber.received).toHaveLength(1);
  });

  test('an invalid event is refused with 422 naming each bad field, and starts no workflow', async () => {
    const before = await countEventWorkflows();
    const event = orderCreatedEvent();
    const bad = {
      ...event,
      data: { order: { ...event.data.order, total: { amount: 1.5, currency: 'eur' } } },
    };

    const answer = await platform.api('POST', '/v1/events', bad);

    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'data.order.total.amount' }),
        expect.objectContaining({ path: 'data.order.total.currency' }),
      ]),
    );
    expect(await countEventWorkflows()).toBe(before);
  });

  test('a body that is not JSON is refused with 400, and one without a JSON content type with 415', async () => {
    const url = `${platform.url}/v1/events`;
    const auth = { authorization: 'Bearer test-admin-token-0123456789' };

    const malformed = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"type":',
    });
    const wrongType = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'hello',
    });

    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe(
      'malformed_json',
    );
    expect(wrongType.status).toBe(415);
  });

  test('a request without the bearer token is refused with 401', async () => {
    const answer = await fetch(`${platform.url}/v1/subscriptions`);

    expect(answer.status).toBe(401);
  });

  test('the typed client publishes an event that is delivered, and throws a typed error for an invalid one', async () => {
    const { subscriber } = await subscribe(['ORDER_CREATED'], { shopId: 'shop_client' });
    const publisher = new HooklinePublisher(platform.temporal, platform.config.temporal.taskQueue);
    const event = orderCreatedEvent('shop_client');
    const invalid = { type: 'ORDER_CREATED' as const, data: { order: { id: 'x' } } };

    const result = await publisher.publish(event);
    const refusal = publisher.publish(invalid as never);

    await expect(refusal).rejects.toBeInstanceOf(InvalidEventError);
    const [received] = await subscriber.waitFor(1);
    expect(received!.headers['webhook-id']).toBe(result.eventId);
  });

  test('invalid subscriptions are refused with 422 and field-level messages', async () => {
    const answer = await platform.api('POST', '/v1/subscriptions', {
      url: 'http://example.com/hook',
      eventTypes: ['ORDER_SHIPPED'],
      timeoutMs: 5,
    });

    expect(answer.status).toBe(422);
    expect(answer.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'eventTypes.0',
      'timeoutMs',
      'url',
    ]);
  });

  test('an operational event type cannot be published: hookline sends those itself', async () => {
    const answer = await platform.api('POST', '/v1/events', {
      type: 'SUBSCRIPTION_DISABLED',
      data: eventExamples.SUBSCRIPTION_DISABLED,
    });

    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([
      { path: 'type', message: 'SUBSCRIPTION_DISABLED is sent by hookline itself, not published' },
    ]);
  });

  test.each(['garbage', '', 'http://', 'https://a b'])(
    'a subscription URL that cannot be read (%j) is refused with 422 on url, not a 500',
    async (url) => {
      const answer = await platform.api('POST', '/v1/subscriptions', {
        url,
        eventTypes: ['ORDER_CREATED'],
      });

      expect(answer.status).toBe(422);
      expect(answer.body.error.details.map((d: { path: string }) => d.path)).toEqual(['url']);
    },
  );

  test('text holding a NUL character is refused with 422 at the edge, on either database', async () => {
    const event = orderCreatedEvent();
    const customer = { ...event.data.order.customer, name: 'Ada\u0000' };
    const badEvent = { ...event, data: { order: { ...event.data.order, customer } } };

    const published = await platform.api('POST', '/v1/events', badEvent);
    const subscribed = await platform.api('POST', '/v1/subscriptions', {
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['ORDER_CREATED'],
      description: 'a\u0000b',
    });
    const looked = await platform.api('GET', '/v1/subscriptions/%00');

    expect(published.status).toBe(422);
    expect(published.body.error.details).toEqual([
      { path: 'data.order.customer.name', message: 'must not contain NUL' },
    ]);
    expect(subscribed.status).toBe(422);
    expect(subscribed.body.error.details[0].path).toBe('description');
    expect(looked.status).toBe(404);
  });
});
