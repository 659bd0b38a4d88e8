import { orderCreatedEvent } from '../helpers/fixtures';
import { sendIncoming, signedHeaders } from '../helpers/incoming';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

const SHOP = 'shop_replay';
const MINUTE_MS = 60_000;

describe('security: replays of signed incoming webhooks', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  let source: { id: string; secret: string };

  beforeAll(async () => {
    platform = await startPlatform();
    subscriber = await TestSubscriber.start();
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: SHOP,
    });
    const created = await platform.api('POST', '/v1/sources', {
      name: 'erp',
      shopId: SHOP,
      eventTypes: ['ORDER_CREATED'],
    });
    source = created.body;
  });

  afterAll(async () => {
    await subscriber.stop();
    await platform.stop();
  });

  test('security: a correctly signed request dated 6 minutes ahead is refused with 401', async () => {
    const at = new Date(Date.now() + 6 * MINUTE_MS);

    const answer = await sendIncoming(platform.url, source, orderCreatedEvent(SHOP), { at });

    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('invalid_signature');
  });

  test('security: the same signed bytes sent again within the tolerance apply once', async () => {
    const body = JSON.stringify(orderCreatedEvent(SHOP));
    const headers = signedHeaders(source.secret, body, {
      webhookId: 'msg_replay_bytes',
      at: new Date(Date.now() - 4 * MINUTE_MS),
    });
    const send = () =>
      fetch(`${platform.url}/hooks/${source.id}`, { method: 'POST', headers, body });

    const first = await send();
    const again = await send();

    const [a, b] = (await Promise.all([first.json(), again.json()])) as { eventId: string }[];
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(b).toEqual({ eventId: a!.eventId, duplicate: true });
  });

  test('security: the same webhook-id signed again with another body is a duplicate and changes nothing', async () => {
    const original = orderCreatedEvent(SHOP);
    const forged = { ...original, data: { order: { ...original.data.order, version: 9 } } };
    const first = await sendIncoming(platform.url, source, original, {
      webhookId: 'msg_replay_id',
    });

    const again = await sendIncoming(platform.url, source, forged, { webhookId: 'msg_replay_id' });

    expect(again.status).toBe(202);
    expect(again.body).toEqual({ eventId: first.body.eventId, duplicate: true });
    await subscriber.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await platform.api('GET', `/v1/orders/${original.data.order.id}`);
    expect(stored.body.version).toBe(1);
    const ids = subscriber.received.map((r) => r.headers['webhook-id']);
    expect(ids.filter((id) => id === first.body.eventId)).toHaveLength(1);
  });
});
