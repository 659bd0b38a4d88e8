import { searchAttributes } from '../../src/contracts/search-attributes';
import { orderCreatedEvent, verifyWithLibrary, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

describe('operational events', () => {
  let platform: TestPlatform;
  const subscribers: TestSubscriber[] = [];

  beforeAll(async () => {
    platform = await startPlatform({
      HOOKLINE_RETRY_SCHEDULE: '0s,300ms',
      HOOKLINE_RETRY_HORIZON: '1500ms',
      HOOKLINE_AUTO_DISABLE_AFTER: '2500ms',
    });
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  async function subscriberFor(
    eventTypes: string[],
    respond?: () => { status: number } | undefined,
  ) {
    const subscriber = await TestSubscriber.start(respond);
    subscribers.push(subscriber);
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes,
    });
    return { subscriber, subscription: created.body as { id: string; secret: string } };
  }

  function operationalOfType(subscriber: TestSubscriber, type: string) {
    return waitUntil(async () => {
      const found = subscriber.received.find((r) => JSON.parse(r.body).type === type);
      return found;
    }, 20_000);
  }

  test('a delivery that fails for good, the auto-disable after failing without a break, and the recovery each reach the operators', async () => {
    const operators = await subscriberFor([
      'DELIVERY_FAILED',
      'SUBSCRIPTION_DISABLED',
      'SUBSCRIPTION_RECOVERED',
    ]);
    let healthy = false;
    const shop = await subscriberFor(['ORDER_CREATED'], () =>
      healthy ? undefined : { status: 500 },
    );
    const first = await platform.api('POST', '/v1/events', orderCreatedEvent());

    const failed = await operationalOfType(operators.subscriber, 'DELIVERY_FAILED');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await platform.api('POST', '/v1/events', orderCreatedEvent());
    const disabled = await operationalOfType(operators.subscriber, 'SUBSCRIPTION_DISABLED');
    healthy = true;
    await platform.api('POST', `/v1/subscriptions/${shop.subscription.id}/resume`);
    const recovered = await operationalOfType(operators.subscriber, 'SUBSCRIPTION_RECOVERED');

    expect(verifyWithLibrary(operators.subscription.secret, failed)).toMatchObject({
      type: 'DELIVERY_FAILED',
      data: {
        subscriptionId: shop.subscription.id,
        eventId: first.body.eventId,
        eventType: 'ORDER_CREATED',
        lastError: 'HTTP 500',
      },
    });
    expect(JSON.parse(disabled.body).data).toMatchObject({
      subscriptionId: shop.subscription.id,
      reason: expect.stringMatching(/^failing without a break since /),
    });
    expect(JSON.parse(recovered.body).data).toMatchObject({
      subscriptionId: shop.subscription.id,
      url: shop.subscriber.url,
    });
    const subscription = await platform.api('GET', `/v1/subscriptions/${shop.subscription.id}`);
    expect(subscription.body.status).toBe('active');
  });

  test('a 410 Gone announces the disabled subscription with its reason', async () => {
    const operators = await subscriberFor(['SUBSCRIPTION_DISABLED']);
    const gone = await subscriberFor(['ORDER_UPDATED'], () => ({ status: 410 }));

    await platform.api('POST', '/v1/events', {
      type: 'ORDER_UPDATED',
      data: { order: { ...orderCreatedEvent().data.order, version: 2 } },
    });

    const disabled = await operationalOfType(operators.subscriber, 'SUBSCRIPTION_DISABLED');
    expect(JSON.parse(disabled.body).data).toMatchObject({
      subscriptionId: gone.subscription.id,
      reason: 'endpoint answered 410 Gone',
    });
    // Found in the Temporal UI by its type, like any other event.
    const described = await platform.temporal.workflow
      .getHandle(`event:${String(disabled.headers['webhook-id'])}`)
      .describe();
    expect(described.typedSearchAttributes.get(searchAttributes.eventType)).toBe(
      'SUBSCRIPTION_DISABLED',
    );
  });

  test('a failing operator endpoint raises no operational events about itself', async () => {
    const operators = await subscriberFor(['DELIVERY_FAILED'], () => ({ status: 500 }));
    await subscriberFor(['SHIPPING_STATUS_UPDATED'], () => ({ status: 500 }));

    await platform.api('POST', '/v1/events', {
      type: 'SHIPPING_STATUS_UPDATED',
      data: { orderId: 'ord_x', shopId: 'shop_main', version: 2, shippingStatus: 'shipped' },
    });

    await waitUntil(async () => {
      const list = await platform.api(
        'GET',
        `/v1/subscriptions/${operators.subscription.id}/deliveries?status=failed`,
      );
      return list.body.data.length === 1 ? true : undefined;
    }, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const all = await platform.api(
      'GET',
      `/v1/subscriptions/${operators.subscription.id}/deliveries`,
    );
    expect(all.body.data).toHaveLength(1);
  });
});
