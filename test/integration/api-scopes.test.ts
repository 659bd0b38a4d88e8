import { orderCreatedEvent } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { callWith } from '../helpers/token-api';
import { against, runCli } from './cli-run';

const READ_TOKEN = 'viewer-token-0123456789';
const PUBLISH_TOKEN = 'publisher-token-0123456789';
const WRITE_TOKEN = 'operator-token-0123456789';
const TOKENS = [
  `viewer:read:${READ_TOKEN}`,
  `shop-backend:publish:${PUBLISH_TOKEN}`,
  `operator:write:${WRITE_TOKEN}`,
].join(',');

describe('scopes of the management API tokens', () => {
  let platform: TestPlatform;
  let subscriptionId: string;
  let sourceId: string;

  const as = (token: string | undefined, method: string, path: string, body?: unknown) =>
    callWith(platform.url, token, method, path, body);

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_API_TOKENS: TOKENS }, { worker: false });
    const subscription = await platform.api('POST', '/v1/subscriptions', {
      url: 'http://127.0.0.1:4000/hooks',
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_scopes',
    });
    subscriptionId = subscription.body.id;
    const source = await platform.api('POST', '/v1/sources', {
      name: 'Accounting',
      shopId: 'shop_scopes',
      eventTypes: ['ORDER_CREATED'],
    });
    sourceId = source.body.id;
  });

  afterAll(async () => {
    await platform.stop();
  });

  /** Each kind of change the management API makes, as method, path and body. */
  const changes = (): [string, string, unknown?][] => [
    [
      'POST',
      '/v1/subscriptions',
      { url: 'http://127.0.0.1:4000/x', eventTypes: ['ORDER_CREATED'] },
    ],
    ['PATCH', `/v1/subscriptions/${subscriptionId}`, { description: 'changed' }],
    ['DELETE', `/v1/subscriptions/${subscriptionId}`],
    ['POST', `/v1/subscriptions/${subscriptionId}/pause`],
    ['POST', `/v1/subscriptions/${subscriptionId}/resume`],
    ['POST', `/v1/subscriptions/${subscriptionId}/rotate-secret`],
    ['POST', `/v1/subscriptions/${subscriptionId}/test`, {}],
    ['POST', `/v1/subscriptions/${subscriptionId}/replay`, {}],
    ['POST', '/v1/deliveries/dlv_000000000000000000000000/retry'],
    ['POST', '/v1/sources', { name: 'ERP', shopId: 'shop_scopes', eventTypes: ['ORDER_CREATED'] }],
    ['POST', `/v1/sources/${sourceId}/disable`],
    ['POST', `/v1/sources/${sourceId}/enable`],
    ['POST', `/v1/sources/${sourceId}/rotate-secret`],
    ['DELETE', `/v1/sources/${sourceId}`],
  ];

  describe('a read token', () => {
    test('may call every kind of GET', async () => {
      const paths = [
        '/v1/subscriptions',
        `/v1/subscriptions/${subscriptionId}`,
        `/v1/subscriptions/${subscriptionId}/deliveries`,
        '/v1/deliveries',
        '/v1/sources',
        `/v1/sources/${sourceId}`,
        '/v1/event-types',
        '/v1/orders?shopId=shop_scopes',
        '/v1/audit-log',
      ];

      const statuses = await Promise.all(
        paths.map(async (p) => (await as(READ_TOKEN, 'GET', p)).status),
      );

      expect(statuses).toEqual(paths.map(() => 200));
    });

    test('gets 403 naming scope write for each kind of change, and nothing changes', async () => {
      const answers = [];
      for (const [method, path, body] of changes()) {
        answers.push({ call: `${method} ${path}`, ...(await as(READ_TOKEN, method, path, body)) });
      }

      for (const answer of answers) {
        expect({ call: answer.call, status: answer.status }).toEqual({
          call: answer.call,
          status: 403,
        });
        expect(answer.body.error.code).toBe('insufficient_scope');
        expect(answer.body.error.message).toContain('needs scope write');
        expect(answer.body.error.message).toContain('"viewer" has scope read');
      }
      const subscription = await platform.api('GET', `/v1/subscriptions/${subscriptionId}`);
      expect(subscription.body).toMatchObject({ status: 'active', description: null });
      const audit = await platform.api('GET', '/v1/audit-log?actor=viewer');
      expect(audit.body.data).toEqual([]);
    });

    test('gets 403 naming scope publish when it publishes an event', async () => {
      const answer = await as(READ_TOKEN, 'POST', '/v1/events', orderCreatedEvent('shop_scopes'));

      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toContain('needs scope publish');
    });
  });

  describe('a publish token', () => {
    test('may publish an event', async () => {
      const answer = await as(
        PUBLISH_TOKEN,
        'POST',
        '/v1/events',
        orderCreatedEvent('shop_scopes'),
      );

      expect(answer.status).toBe(202);
      expect(answer.body.eventId).toMatch(/^evt_/);
    });

    test('may publish through the path spelled with a trailing slash', async () => {
      const answer = await as(
        PUBLISH_TOKEN,
        'POST',
        '/v1/events/',
        orderCreatedEvent('shop_scopes'),
      );

      expect(answer.status).toBe(202);
    });

    test('may not read: 403 naming scope read', async () => {
      const answer = await as(PUBLISH_TOKEN, 'GET', '/v1/subscriptions');

      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toContain('needs scope read');
    });

    test('gets 403 for each kind of change', async () => {
      const statuses = [];
      for (const [method, path, body] of changes()) {
        statuses.push((await as(PUBLISH_TOKEN, method, path, body)).status);
      }

      expect(statuses).toEqual(changes().map(() => 403));
    });
  });

  describe('a write token', () => {
    test('may change, read and publish', async () => {
      const paused = await as(WRITE_TOKEN, 'POST', `/v1/subscriptions/${subscriptionId}/pause`);
      const read = await as(WRITE_TOKEN, 'GET', `/v1/subscriptions/${subscriptionId}`);
      const resumed = await as(WRITE_TOKEN, 'POST', `/v1/subscriptions/${subscriptionId}/resume`);
      const published = await as(
        WRITE_TOKEN,
        'POST',
        '/v1/events',
        orderCreatedEvent('shop_scopes'),
      );

      expect([paused.status, read.status, resumed.status, published.status]).toEqual([
        200, 200, 200, 202,
      ]);
    });
  });

  describe('unknown and missing tokens', () => {
    test.each([
      ['an unknown token', 'not-a-token-of-this-api-0123'],
      ['a known token with one more character', `${READ_TOKEN}x`],
      ['no token', undefined],
    ])('%s: 401', async (_name, token) => {
      const answer = await as(token, 'GET', '/v1/subscriptions');

      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthorized');
    });
  });

  describe('the command line', () => {
    test('with a read token, a change command says which scope it needs and exits 1', async () => {
      const result = await runCli([
        '--url',
        platform.url,
        '--token',
        READ_TOKEN,
        'subscriptions',
        'pause',
        subscriptionId,
      ]);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain('needs scope write');
      expect(result.stderr).toContain('--token');
    });

    test('with a read token, a list command works', async () => {
      const result = await runCli([
        '--url',
        platform.url,
        '--token',
        READ_TOKEN,
        'subscriptions',
        'list',
        '--json',
      ]);

      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).data.map((s: { id: string }) => s.id)).toContain(
        subscriptionId,
      );
    });

    test('with the admin token from --token, a change command works', async () => {
      const result = await runCli([...against(platform), 'subscriptions', 'pause', subscriptionId]);

      expect(result.code).toBe(0);
    });
  });
});
