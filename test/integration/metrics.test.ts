import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { sendIncoming } from '../helpers/incoming';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

/** The value of one sample of the Prometheus text format, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((pair) => labelText.split(',').includes(pair))) {
      return Number(line.slice(line.indexOf('}') + 1));
    }
  }
  return 0;
}

describe('/metrics', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_RETRY_SCHEDULE: '0s,200ms,1h' });
    subscriber = await TestSubscriber.start((_req, index) =>
      index === 0 ? { status: 503 } : undefined,
    );
  });

  afterAll(async () => {
    await subscriber.stop();
    await platform.stop();
  });

  const scrape = async () => (await fetch(`${platform.url}/metrics`)).text();

  test('counters move as events flow: accepted events by door, attempt outcomes and durations, receiver answers, open deliveries', async () => {
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_m1',
    });
    const source = (
      await platform.api('POST', '/v1/sources', {
        name: 'erp',
        shopId: 'shop_m1',
        eventTypes: ['ORDER_CREATED'],
      })
    ).body as { id: string; secret: string };

    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_m1'));
    await sendIncoming(platform.url, source, orderCreatedEvent('shop_m1'));
    await sendIncoming(platform.url, { id: source.id, secret: 'whsec_AAAA' }, {});
    await subscriber.waitFor(3);

    const text = await waitUntil(async () => {
      const current = await scrape();
      const delivered = sample(current, 'hookline_delivery_attempt_outcomes_total', {
        outcome: 'delivered',
      });
      return delivered >= 2 ? current : undefined;
    });
    expect(
      sample(text, 'hookline_events_accepted_total', { type: 'ORDER_CREATED', door: 'api' }),
    ).toBe(1);
    expect(
      sample(text, 'hookline_events_accepted_total', { type: 'ORDER_CREATED', door: 'incoming' }),
    ).toBe(1);
    expect(sample(text, 'hookline_delivery_attempt_outcomes_total', { outcome: 'retry' })).toBe(1);
    expect(
      sample(text, 'hookline_delivery_attempt_duration_seconds_count', { result: 'success' }),
    ).toBe(2);
    expect(sample(text, 'hookline_receiver_responses_total', { status: '202' })).toBe(1);
    expect(sample(text, 'hookline_receiver_responses_total', { status: '401' })).toBe(1);
    expect(text).toContain('# TYPE hookline_deliveries_open gauge');
    expect(created.status).toBe(201);
  });

  test('open deliveries are reported per subscription and status', async () => {
    const held = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_m2',
    });
    await platform.api('POST', `/v1/subscriptions/${held.body.id}/pause`);

    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_m2'));

    const labels = { subscription_id: held.body.id, status: 'held' };
    const text = await waitUntil(async () => {
      const current = await scrape();
      return sample(current, 'hookline_deliveries_open', labels) === 1 ? current : undefined;
    });
    expect(sample(text, 'hookline_deliveries_open', labels)).toBe(1);
  });
});
