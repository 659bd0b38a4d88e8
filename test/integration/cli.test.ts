import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { freePort } from '../helpers/ports';
import { startPlatform, TEST_ADMIN_TOKEN, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';
import { against, runCli } from './cli-run';

const BIN = path.resolve(__dirname, '../../dist/src/cli/hookline.js');

describe('hookline command line', () => {
  const subscribers: TestSubscriber[] = [];
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_RETRY_SCHEDULE: '0s,300ms' });
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.stop()));
    await platform.stop();
  });

  const hookline = (...args: string[]) => runCli([...against(platform), ...args]);

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

  describe('subscriptions', () => {
    test('create prints the new subscription with its secret, and list and show find it', async () => {
      const subscriber = await TestSubscriber.start();
      subscribers.push(subscriber);

      const created = await hookline(
        'subscriptions',
        'create',
        '--url',
        subscriber.url,
        '--event-types',
        'ORDER_CREATED,ORDER_UPDATED',
        '--shop',
        'shop_cli1',
        '--app',
        'erp',
        '--description',
        'ERP sync',
      );

      expect(created).toMatchObject({ code: 0, stderr: '' });
      const id = /sub_[a-z0-9]+/.exec(created.stdout)![0];
      const secret = /whsec_[A-Za-z0-9+/=]+/.exec(created.stdout)![0];
      expect(created.stdout).toContain('shown only now');
      const stored = await platform.api('GET', `/v1/subscriptions/${id}`);
      expect(stored.body).toMatchObject({
        url: subscriber.url,
        eventTypes: ['ORDER_CREATED', 'ORDER_UPDATED'],
        shopId: 'shop_cli1',
        appId: 'erp',
        description: 'ERP sync',
      });
      const list = await hookline('subscriptions', 'list', '--limit', '200');
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/ID\s+│ STATUS/);
      expect(list.stdout).toContain(id);
      expect(list.stdout).toContain(subscriber.url);
      const shown = await hookline('subscriptions', 'show', id);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/event types +│ ORDER_CREATED +│\n│ +│ ORDER_UPDATED +│/);
      expect(shown.stdout).toContain('ERP sync');
      expect(shown.stdout).not.toContain(secret);
    });

    test('--json prints the API answer itself, after the command name or before it', async () => {
      const { subscription } = await subscribed('shop_cli2');

      const after = await hookline('subscriptions', 'show', subscription.id, '--json');
      const before = await runCli([
        '--json',
        ...against(platform),
        'subscriptions',
        'list',
        '--limit',
        '200',
      ]);

      const stored = await platform.api('GET', `/v1/subscriptions/${subscription.id}`);
      expect(after.code).toBe(0);
      expect(JSON.parse(after.stdout)).toEqual(stored.body);
      expect(before.code).toBe(0);
      const page = JSON.parse(before.stdout);
      expect(page.data.map((s: { id: string }) => s.id)).toContain(subscription.id);
      expect(page).toHaveProperty('next');
    });

    test('pause, resume and rotate-secret change the subscription and say what they did', async () => {
      const { subscription } = await subscribed('shop_cli3');

      const paused = await hookline('subscriptions', 'pause', subscription.id);
      const pausedStatus = (await platform.api('GET', `/v1/subscriptions/${subscription.id}`)).body
        .status;
      const resumed = await hookline('subscriptions', 'resume', subscription.id);
      const rotated = await hookline('subscriptions', 'rotate-secret', subscription.id, '--json');

      expect(paused).toMatchObject({ code: 0, stdout: expect.stringContaining('is paused') });
      expect(pausedStatus).toBe('paused');
      expect(resumed.stdout).toContain('is active; 0 held deliveries released');
      expect(rotated.code).toBe(0);
      const rotatedBody = JSON.parse(rotated.stdout);
      expect(rotatedBody.secret).toMatch(/^whsec_/);
      expect(rotatedBody.secret).not.toBe(subscription.secret);
      expect(rotatedBody.previousSecretExpiresAt).toEqual(expect.any(String));
    });

    test('delete removes the subscription and cancels its held deliveries', async () => {
      const { subscription } = await subscribed('shop_cli11');
      await platform.api('POST', `/v1/subscriptions/${subscription.id}/pause`);
      await platform.api('POST', '/v1/events', orderCreatedEvent('shop_cli11'));
      const held = await deliveryIn(subscription.id, 'held');

      const deleted = await hookline('subscriptions', 'delete', subscription.id);

      expect(deleted).toMatchObject({ code: 0, stdout: expect.stringContaining('is deleted') });
      expect((await platform.api('GET', `/v1/subscriptions/${subscription.id}`)).status).toBe(404);
      const delivery = await platform.api('GET', `/v1/deliveries/${held.id}`);
      expect(delivery.body.status).toBe('cancelled');
    });

    test('test sends an example of the chosen type to that subscription and prints its ids', async () => {
      const { subscriber, subscription } = await subscribed('shop_cli4');

      const sent = await hookline(
        'subscriptions',
        'test',
        subscription.id,
        '--type',
        'PAYMENT_STATUS_UPDATED',
      );

      expect(sent.code).toBe(0);
      const [received] = await subscriber.waitFor(1);
      expect(JSON.parse(received!.body).type).toBe('PAYMENT_STATUS_UPDATED');
      const eventId = String(received!.headers['webhook-id']);
      expect(sent.stdout).toContain(eventId);
      expect(sent.stdout).toMatch(/deliveryId\s+│ dlv_[0-9a-f]{24}/);
    });
  });

  describe('portal-link', () => {
    test('prints a link that opens the portal of the subscription', async () => {
      const { subscription } = await subscribed('shop_cli_portal1');

      const made = await hookline('portal-link', subscription.id);

      expect(made.code).toBe(0);
      const url = made.stdout.trim();
      expect(url).toMatch(/^http:\/\/[^ ]+\/portal\/p1\.[A-Za-z0-9_.-]+$/);
      expect(made.stderr).toContain(`opens subscription ${subscription.id} until`);
      const page = await fetch(`${platform.url}${new URL(url).pathname}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(subscription.id);
    });

    test('--expires-in and --json print the link with its expiry', async () => {
      const { subscription } = await subscribed('shop_cli_portal2');

      const made = await hookline('portal-link', subscription.id, '--expires-in', '2d', '--json');

      expect(made.code).toBe(0);
      const answer = JSON.parse(made.stdout) as { url: string; expiresAt: string };
      const lifetimeMs = Date.parse(answer.expiresAt) - Date.now();
      expect(lifetimeMs).toBeGreaterThan(2 * 86_400_000 - 60_000);
      expect(lifetimeMs).toBeLessThanOrEqual(2 * 86_400_000);
    });

    test('an expiry beyond 7 days is refused by the API with exit code 1', async () => {
      const { subscription } = await subscribed('shop_cli_portal3');

      const made = await hookline('portal-link', subscription.id, '--expires-in', '30d');

      expect(made.code).toBe(1);
      expect(made.stderr).toContain('expiresIn');
    });
  });

  describe('sources', () => {
    test('list and show print a source, in a table and as JSON', async () => {
      const created = await platform.api('POST', '/v1/sources', {
        name: 'Accounting',
        shopId: 'shop_cli5',
        eventTypes: ['ORDER_CREATED', 'PAYMENT_STATUS_UPDATED'],
        appId: 'accounting',
      });
      const id = created.body.id as string;

      const list = await hookline('sources', 'list', '--limit', '200');
      const shown = await hookline('sources', 'show', id);
      const json = await hookline('sources', 'show', id, '--json');

      expect(list.code).toBe(0);
      expect(list.stdout).toContain(id);
      expect(list.stdout).toContain('Accounting');
      expect(shown.stdout).toMatch(/ORDER_CREATED +│\n│ +│ PAYMENT_STATUS_UPDATED +│/);
      expect(shown.stdout).toContain(`/hooks/${id}`);
      expect(JSON.parse(json.stdout)).toEqual(
        (await platform.api('GET', `/v1/sources/${id}`)).body,
      );
      expect(JSON.parse(json.stdout).secret).toBeUndefined();
    });
  });

  describe('deliveries', () => {
    test('list shows a delivery and show prints each of its attempts', async () => {
      const { subscription } = await subscribed('shop_cli6', (_req, index) =>
        index === 0 ? { status: 503, body: 'busy' } : undefined,
      );
      await platform.api('POST', '/v1/events', orderCreatedEvent('shop_cli6'));
      const delivery = await deliveryIn(subscription.id, 'delivered');

      const list = await hookline('deliveries', 'list', subscription.id);
      const failedOnly = await hookline(
        'deliveries',
        'list',
        subscription.id,
        '--status',
        'failed',
        '--json',
      );
      const shown = await hookline('deliveries', 'show', delivery.id);

      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(new RegExp(`${delivery.id}\\s+│ ORDER_CREATED\\s+│ delivered`));
      expect(JSON.parse(failedOnly.stdout)).toEqual({ data: [], next: null });
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/# +│ TIME +│ STATUS CODE +│ DURATION +│ ERROR/);
      expect(shown.stdout).toMatch(/│ 1 +│ \S+ +│ 503 +│ \d+ ms +│/);
      expect(shown.stdout).toMatch(/│ 2 +│ \S+ +│ 200 +│ \d+ ms +│/);
    });

    test('retry delivers a finished delivery again with the same webhook-id', async () => {
      const { subscriber, subscription } = await subscribed('shop_cli7');
      await platform.api('POST', '/v1/events', orderCreatedEvent('shop_cli7'));
      const delivery = await deliveryIn(subscription.id, 'delivered');

      const retried = await hookline('deliveries', 'retry', delivery.id);

      expect(retried).toMatchObject({ code: 0, stdout: expect.stringContaining('pending again') });
      const [first, second] = await subscriber.waitFor(2);
      expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      await waitUntil(async () => {
        const read = await platform.api('GET', `/v1/deliveries/${delivery.id}`);
        return read.body.status === 'delivered' && read.body.attemptCount === 2 ? true : undefined;
      });
    });

    test('tail prints each change after --since and stops after --count lines', async () => {
      const since = new Date().toISOString();
      const { subscription } = await subscribed('shop_cli8');
      await platform.api('POST', '/v1/events', orderCreatedEvent('shop_cli8'));
      const delivery = await deliveryIn(subscription.id, 'delivered');

      const tail = await hookline('deliveries', 'tail', '--since', since, '--count', '1');

      expect(tail.code).toBe(0);
      const lines = tail.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^\\S+Z  ${delivery.id}  ${subscription.id}  ORDER_CREATED +delivered +1 attempt$`,
        ),
      );
    });

    test('tail --json prints one JSON object per change until its --duration ends', async () => {
      const since = new Date().toISOString();
      const { subscription } = await subscribed('shop_cli9');
      await platform.api('POST', '/v1/events', orderCreatedEvent('shop_cli9'));
      // The feed lists a change once it is a second old, so the tail's two seconds cover it
      // only if the delivery is done before the tail starts, however loaded the machine is.
      await deliveryIn(subscription.id, 'delivered');
      const started = Date.now();

      const tail = await hookline(
        'deliveries',
        'tail',
        '--since',
        since,
        '--duration',
        '2000',
        '--interval',
        '100',
        '--json',
      );

      expect(tail.code).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      const changes = tail.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      const mine = changes.filter((c) => c.subscriptionId === subscription.id);
      expect(mine.at(-1)).toMatchObject({ status: 'delivered', attemptCount: 1 });
    });

    test('tail stops cleanly, with exit code 0, when interrupted', async () => {
      const interrupt = new AbortController();
      setTimeout(() => interrupt.abort(), 300);

      const tail = await runCli([...against(platform), 'deliveries', 'tail'], {
        signal: interrupt.signal,
      });

      expect(tail).toMatchObject({ code: 0, stderr: '' });
    });
  });

  describe('exit codes', () => {
    test('1: the API refused the request; its message and each bad field are printed', async () => {
      const refused = await hookline(
        'subscriptions',
        'create',
        '--url',
        'ftp://example.com/hook',
        '--event-types',
        'ORDER_CREATED',
      );

      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('error: The request has invalid fields.');
      expect(refused.stderr).toContain('  url: must be an absolute http(s) URL');
    });

    test('1: a wrong token is refused by the API', async () => {
      const refused = await runCli([
        '--url',
        platform.url,
        '--token',
        'not-the-token-0123456789',
        'subscriptions',
        'list',
      ]);

      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toContain('A valid bearer token is required.');
    });

    test('1: retrying a delivery that is still open is a conflict', async () => {
      const { subscription } = await subscribed('shop_cli10');
      await platform.api('POST', `/v1/subscriptions/${subscription.id}/pause`);
      await platform.api('POST', '/v1/events', orderCreatedEvent('shop_cli10'));
      const held = await deliveryIn(subscription.id, 'held');

      const retried = await hookline('deliveries', 'retry', held.id);

      expect(retried.code).toBe(1);
      expect(retried.stderr).toContain(`Delivery ${held.id} is still held.`);
    });

    test.each([
      ['an unknown command', ['subscriptions', 'frobnicate']],
      ['an unknown option', ['subscriptions', 'list', '--colour']],
      ['a missing argument', ['deliveries', 'show']],
      [
        'an unknown event type',
        ['subscriptions', 'create', '--url', 'https://x.example', '--event-types', 'ORDER_EATEN'],
      ],
      ['a status that does not exist', ['deliveries', 'list', 'sub_x', '--status', 'lost']],
      ['a time that is not ISO 8601', ['deliveries', 'replay', 'sub_x', '--since', 'yesterday']],
      [
        '--until before --since',
        [
          'deliveries',
          'replay',
          'sub_x',
          '--since',
          '2026-01-02T00:00:00Z',
          '--until',
          '2026-01-01T00:00:00Z',
        ],
      ],
    ])('2: %s is a usage error', async (_case, args) => {
      const result = await hookline(...args);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/error/);
      expect(result.stdout).toBe('');
    });

    test('2: without --token, HOOKLINE_ADMIN_TOKEN or a token file there is nothing to authenticate with', async () => {
      const dataDir = await mkdtemp(path.join(process.env.HOOKLINE_TEST_TMP!, 'cli-empty-'));

      const result = await runCli(['--url', platform.url, 'subscriptions', 'list'], {
        env: { dataDir },
      });

      expect(result.code).toBe(2);
      expect(result.stderr).toContain(path.join(dataDir, 'admin-token'));
    });

    test('3: a closed port is reported as an unreachable API', async () => {
      const closed = `http://127.0.0.1:${await freePort()}`;

      const result = await runCli([
        '--url',
        closed,
        '--token',
        TEST_ADMIN_TOKEN,
        'sources',
        'list',
      ]);

      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`Could not reach the hookline API at ${closed}`);
    });

    test('4: an id the API does not know is not found', async () => {
      const subscription = await hookline('subscriptions', 'show', 'sub_nope');
      const delivery = await hookline('deliveries', 'show', 'dlv_nope', '--json');

      expect(subscription.code).toBe(4);
      expect(subscription.stderr).toContain('No subscription with id sub_nope.');
      expect(delivery.code).toBe(4);
      expect(delivery.stdout).toBe('');
    });

    test('0: --help and --version print to stdout, and --help documents the exit codes', async () => {
      const help = await runCli(['--help']);
      const version = await runCli(['--version']);

      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Exit codes:');
      expect(help.stdout).toMatch(/3 +the API could not be reached/);
      expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    });
  });

  describe('configuration', () => {
    test('the URL and token come from the environment when no option gives them', async () => {
      const result = await runCli(['sources', 'list', '--json'], {
        env: { url: platform.url, adminToken: TEST_ADMIN_TOKEN },
      });

      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveProperty('data');
    });

    test('the token is read from <HOOKLINE_DATA_DIR>/admin-token when nothing else gives it', async () => {
      const dataDir = await mkdtemp(path.join(process.env.HOOKLINE_TEST_TMP!, 'cli-token-'));
      await writeFile(path.join(dataDir, 'admin-token'), `${TEST_ADMIN_TOKEN}\n`);

      const result = await runCli(['sources', 'list', '--json'], {
        env: { url: platform.url, dataDir },
      });

      expect(result.code).toBe(0);
    });

    test('the built bin runs as a process of its own', async () => {
      const child = spawn(process.execPath, [BIN, 'subscriptions', 'list', '--json'], {
        env: {
          PATH: process.env.PATH,
          HOOKLINE_URL: platform.url,
          HOOKLINE_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));

      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ data: expect.any(Array), next: null });
    });
  });
});
