import type { Agent } from 'undici';
import { createDeliveryAgent, postWebhook } from '../../activities/http-post';
import { type LookupAll, resolvePublicAddresses } from '../../src/webhooks/public-host';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

const PUBLIC_ADDRESS = { address: '93.184.215.14', family: 4 };
const LOOPBACK = { address: '127.0.0.1', family: 4 };

function post(agent: Agent, url: string) {
  return postWebhook({
    agent,
    url,
    headers: { 'content-type': 'application/json' },
    body: '{}',
    timeoutMs: 5000,
    responseLimitBytes: 1024,
  });
}

describe('no SSRF at delivery: the address connected to is checked', () => {
  describe('the delivery agent, against a real loopback subscriber', () => {
    let subscriber: TestSubscriber;
    const agents: Agent[] = [];

    beforeEach(async () => {
      subscriber = await TestSubscriber.start();
    });

    afterEach(async () => {
      await Promise.all(agents.splice(0).map((agent) => agent.close()));
      await subscriber.stop();
    });

    function agentFor(allowedHosts: string[], lookupAll: LookupAll): Agent {
      const agent = createDeliveryAgent(allowedHosts, lookupAll);
      agents.push(agent);
      return agent;
    }

    test('a host that answered a public address at creation and loopback now (DNS rebinding) is refused, and the subscriber gets nothing', async () => {
      let lookups = 0;
      const rebinding: LookupAll = async () => (++lookups === 1 ? [PUBLIC_ADDRESS] : [LOOPBACK]);
      const agent = agentFor([], rebinding);
      const { port } = new URL(subscriber.url);
      await resolvePublicAddresses('rebind.hookline.test', rebinding);

      const result = await post(agent, `http://rebind.hookline.test:${port}/hook`);

      expect(result).toMatchObject({
        statusCode: null,
        error: 'refused: rebind.hookline.test resolves to a non-public address (127.0.0.1)',
      });
      expect(lookups).toBe(2);
      expect(subscriber.received).toHaveLength(0);
    });

    test('a host with a public and a loopback address is refused, whichever the socket would pick', async () => {
      const agent = agentFor([], async () => [PUBLIC_ADDRESS, LOOPBACK]);
      const { port } = new URL(subscriber.url);

      const result = await post(agent, `http://mixed.hookline.test:${port}/hook`);

      expect(result.error).toBe(
        'refused: mixed.hookline.test resolves to a non-public address (127.0.0.1)',
      );
      expect(subscriber.received).toHaveLength(0);
    });

    test('an IP literal that is not public is refused without any lookup', async () => {
      const lookup = jest.fn<ReturnType<LookupAll>, Parameters<LookupAll>>();
      const agent = agentFor([], lookup);

      const result = await post(agent, subscriber.url);

      expect(result.error).toBe('refused: 127.0.0.1 resolves to a non-public address (127.0.0.1)');
      expect(lookup).not.toHaveBeenCalled();
      expect(subscriber.received).toHaveLength(0);
    });

    test('an allow-listed host still connects to its loopback address', async () => {
      const agent = agentFor(['allowed.hookline.test'], async () => [LOOPBACK]);
      const { port } = new URL(subscriber.url);

      const result = await post(agent, `http://allowed.hookline.test:${port}/hook`);

      expect(result).toMatchObject({ statusCode: 200, error: null });
      expect(subscriber.received).toHaveLength(1);
    });

    test('an allow-listed IP literal still connects', async () => {
      const agent = agentFor(['127.0.0.1'], async () => []);

      const result = await post(agent, subscriber.url);

      expect(result).toMatchObject({ statusCode: 200, error: null });
      expect(subscriber.received).toHaveLength(1);
    });
  });

  describe('a delivery by the worker', () => {
    const subscribers: TestSubscriber[] = [];
    let platform: TestPlatform;

    beforeAll(async () => {
      platform = await startPlatform({ HOOKLINE_RETRY_SCHEDULE: '0s,200ms' });
    });

    afterAll(async () => {
      await Promise.all(subscribers.map((s) => s.stop()));
      await platform.stop();
    });

    async function setUrl(subscriptionId: string, url: string) {
      await platform.db
        .updateTable('subscriptions')
        .set({ url })
        .where('id', '=', subscriptionId)
        .execute();
    }

    test('to a host that now resolves to loopback is refused, recorded as a failed attempt and retried on the schedule', async () => {
      const subscriber = await TestSubscriber.start();
      subscribers.push(subscriber);
      const created = await platform.api('POST', '/v1/subscriptions', {
        url: subscriber.url,
        eventTypes: ['ORDER_CREATED'],
        shopId: 'shop_ssrf1',
      });
      const { id } = created.body as { id: string };
      const { port } = new URL(subscriber.url);
      // The host's DNS answer changed after the check at creation: `localhost` is not on the
      // platform's allow-list (127.0.0.1 is) and resolves to loopback.
      await setUrl(id, `http://localhost:${port}/hook`);

      await platform.api('POST', '/v1/events', orderCreatedEvent('shop_ssrf1'));

      const retrying = await waitUntil(async () => {
        const list = await platform.api(
          'GET',
          `/v1/subscriptions/${id}/deliveries?status=retrying`,
        );
        const delivery = list.body.data[0];
        return delivery?.attempts.length >= 2 ? delivery : undefined;
      });
      expect(retrying.attempts[0]).toMatchObject({
        statusCode: null,
        error: expect.stringMatching(
          /^refused: localhost resolves to a non-public address \((127\.0\.0\.1|::1)\)$/,
        ),
      });
      expect(subscriber.received).toHaveLength(0);
      await setUrl(id, subscriber.url);
      await subscriber.waitFor(1);
      const delivered = await waitUntil(async () => {
        const list = await platform.api(
          'GET',
          `/v1/subscriptions/${id}/deliveries?status=delivered`,
        );
        return list.body.data[0];
      });
      expect(delivered.attempts.at(-1)).toMatchObject({ statusCode: 200, error: null });
    });
  });
});
