import { subscriptionRoutes } from '../../src/http/routes/subscriptions';
import type { LookupAll, ResolvedAddress } from '../../src/webhooks/public-host';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { contextOf, type RoutesApp, serveRoutes } from '../helpers/routes-app';

const subscription = (url: string) => ({ url, eventTypes: ['ORDER_CREATED'] });

describe('no SSRF: subscription URLs must lead to public addresses', () => {
  describe('on a platform whose allow-list is empty', () => {
    let strict: TestPlatform;

    beforeAll(async () => {
      strict = await startPlatform({ HOOKLINE_ALLOWED_HOSTS: '' }, { worker: false });
    });

    afterAll(async () => {
      await strict.stop();
    });

    test.each([
      ['https://127.0.0.1/x', 'resolves to a non-public address (127.0.0.1)'],
      ['https://[::1]/x', 'resolves to a non-public address (::1)'],
      [
        'https://169.254.169.254/latest/meta-data',
        'resolves to a non-public address (169.254.169.254)',
      ],
      ['https://10.0.0.5/x', 'resolves to a non-public address (10.0.0.5)'],
      ['https://[::ffff:127.0.0.1]/x', 'resolves to a non-public address (::ffff:7f00:1)'],
      ['https://0x7f.1/x', 'resolves to a non-public address (127.0.0.1)'],
    ])('creating a subscription to %s is refused with 422 on url', async (url, message) => {
      const created = await strict.api('POST', '/v1/subscriptions', subscription(url));

      expect(created.status).toBe(422);
      expect(created.body.error.details).toEqual([{ path: 'url', message }]);
    });

    test('creating a subscription to https://localhost/x is refused: the name resolves to loopback', async () => {
      const created = await strict.api(
        'POST',
        '/v1/subscriptions',
        subscription('https://localhost/x'),
      );

      expect(created.status).toBe(422);
      expect(created.body.error.details).toEqual([
        {
          path: 'url',
          message: expect.stringMatching(
            /^resolves to a non-public address \((127\.0\.0\.1|::1)\)$/,
          ),
        },
      ]);
    });

    test('a refused URL creates no subscription', async () => {
      const before = await strict.api('GET', '/v1/subscriptions?limit=100');

      await strict.api('POST', '/v1/subscriptions', subscription('https://10.0.0.5/x'));

      const after = await strict.api('GET', '/v1/subscriptions?limit=100');
      expect(after.body.data).toHaveLength(before.body.data.length);
    });
  });

  describe('on the test platform, which allows 127.0.0.1', () => {
    let platform: TestPlatform;

    beforeAll(async () => {
      platform = await startPlatform({}, { worker: false });
    });

    afterAll(async () => {
      await platform.stop();
    });

    test('a loopback URL whose host is allow-listed is created', async () => {
      const created = await platform.api(
        'POST',
        '/v1/subscriptions',
        subscription('https://127.0.0.1/x'),
      );

      expect(created.status).toBe(201);
      expect(created.body.url).toBe('https://127.0.0.1/x');
    });

    test('changing a URL to the metadata service is refused and leaves the URL as it was', async () => {
      const created = await platform.api(
        'POST',
        '/v1/subscriptions',
        subscription('http://127.0.0.1:4000/hook'),
      );

      const changed = await platform.api('PATCH', `/v1/subscriptions/${created.body.id}`, {
        url: 'https://169.254.169.254/latest/meta-data',
      });

      expect(changed.status).toBe(422);
      expect(changed.body.error.details).toEqual([
        { path: 'url', message: 'resolves to a non-public address (169.254.169.254)' },
      ]);
      const read = await platform.api('GET', `/v1/subscriptions/${created.body.id}`);
      expect(read.body.url).toBe('http://127.0.0.1:4000/hook');
    });

    test('localhost is not exempt because 127.0.0.1 is: the allow-list names hosts, not addresses', async () => {
      const created = await platform.api(
        'POST',
        '/v1/subscriptions',
        subscription('https://localhost/x'),
      );

      expect(created.status).toBe(422);
      expect(created.body.error.details).toEqual([{ path: 'url', message: expect.any(String) }]);
    });
  });

  describe('with the routes given their own resolver', () => {
    /** What the injected resolver answers per host: addresses, or a resolver error code. */
    const answers = new Map<string, ResolvedAddress[] | string>();
    const lookupAll: LookupAll = async (hostname) => {
      const answer = answers.get(hostname) ?? 'ENOTFOUND';
      if (typeof answer === 'string') {
        throw Object.assign(new Error(`getaddrinfo ${answer} ${hostname}`), { code: answer });
      }
      return answer;
    };
    let platform: TestPlatform;
    let routes: RoutesApp;

    beforeAll(async () => {
      platform = await startPlatform({ HOOKLINE_ALLOWED_HOSTS: '' }, { worker: false });
      const ctx = contextOf(platform);
      routes = await serveRoutes(ctx, subscriptionRoutes(ctx, { lookupAll }));
    });

    afterAll(async () => {
      await routes.stop();
      await platform.stop();
    });

    test('a host whose addresses are all public is created', async () => {
      answers.set('hooks.erp.example', [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ]);

      const created = await routes.call(
        'POST',
        '/v1/subscriptions',
        subscription('https://hooks.erp.example/in'),
      );

      expect(created.status).toBe(201);
    });

    test('a host with one private address among public ones is refused', async () => {
      answers.set('mixed.erp.example', [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ]);

      const created = await routes.call(
        'POST',
        '/v1/subscriptions',
        subscription('https://mixed.erp.example/in'),
      );

      expect(created.status).toBe(422);
      expect(created.body.error.details).toEqual([
        { path: 'url', message: 'resolves to a non-public address (10.0.0.5)' },
      ]);
    });

    test('a host that does not exist is refused as not resolving', async () => {
      answers.set('gone.erp.example', 'ENOTFOUND');

      const created = await routes.call(
        'POST',
        '/v1/subscriptions',
        subscription('https://gone.erp.example/in'),
      );

      expect(created.status).toBe(422);
      expect(created.body.error.details).toEqual([{ path: 'url', message: 'does not resolve' }]);
    });

    test('a resolver that cannot answer now gives 503 with Retry-After, not a refusal', async () => {
      answers.set('flaky.erp.example', 'EAI_AGAIN');

      const created = await routes.call(
        'POST',
        '/v1/subscriptions',
        subscription('https://flaky.erp.example/in'),
      );

      expect(created.status).toBe(503);
      expect(created.body.error.code).toBe('unavailable');
    });

    test('changing the URL to a host that resolves to the IPv6 metadata service is refused', async () => {
      answers.set('ok.erp.example', [{ address: '93.184.215.14', family: 4 }]);
      answers.set('meta.erp.example', [{ address: 'fd00:ec2::254', family: 6 }]);
      const created = await routes.call(
        'POST',
        '/v1/subscriptions',
        subscription('https://ok.erp.example/in'),
      );

      const changed = await routes.call('PATCH', `/v1/subscriptions/${created.body.id}`, {
        url: 'https://meta.erp.example/in',
      });

      expect(changed.status).toBe(422);
      expect(changed.body.error.details).toEqual([
        { path: 'url', message: 'resolves to a non-public address (fd00:ec2::254)' },
      ]);
    });

    test('a change to other fields does not look the URL up again: deliveries check each connection', async () => {
      answers.set('steady.erp.example', [{ address: '93.184.215.14', family: 4 }]);
      const created = await routes.call(
        'POST',
        '/v1/subscriptions',
        subscription('https://steady.erp.example/in'),
      );
      answers.set('steady.erp.example', [{ address: '127.0.0.1', family: 4 }]);

      const changed = await routes.call('PATCH', `/v1/subscriptions/${created.body.id}`, {
        description: 'ERP',
      });

      expect(changed.status).toBe(200);
      expect(changed.body.description).toBe('ERP');
    });
  });
});
