import { startPlatform, type TestPlatform } from '../helpers/platform';
import { against, runCli } from './cli-run';

/** `hookline demo` against a real platform whose compressed schedule makes the retry quick. */
describe('hookline demo', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_RETRY_SCHEDULE: '0s,300ms' });
  });

  afterAll(async () => {
    await platform.stop();
  });

  test('shows every delivery delivered, the retried one with its 503s, with links into the Temporal UI', async () => {
    const demo = await runCli([...against(platform), 'demo', '--wait', '20000']);

    expect(demo).toMatchObject({ code: 0, stderr: '' });
    expect(demo.stdout.match(/: delivered after/g)).toHaveLength(6);
    expect(demo.stdout).toMatch(
      /ORDER_UPDATED: delivered after 2 attempts[^]*│ 1 +│ \S+ +│ 503 [^]*│ 2 +│ \S+ +│ 204 /,
    );
    const ui = 'http://localhost:8233/namespaces/default/workflows/';
    expect(demo.stdout).toContain(`incoming workflow  ${ui}incoming%3Aevt_`);
    expect(demo.stdout).toMatch(
      new RegExp(`delivery workflow  ${ui}delivery%3Aevt_demo_\\w+_2%3Asub_`),
    );
    expect(demo.stdout).toContain('verified every signature');
    const subscriptionId = /subscription (sub_\w+)/.exec(demo.stdout)![1];
    const list = await platform.api('GET', `/v1/subscriptions/${subscriptionId}/deliveries`);
    expect(list.body.data.map((d: { status: string }) => d.status)).toEqual(
      Array(6).fill('delivered'),
    );
    const subscriberUrl = /listening at (\S+);/.exec(demo.stdout)![1]!;
    await expect(fetch(subscriberUrl, { method: 'POST' })).rejects.toThrow();
  });

  test('runs again with ids of its own, and --json gives the result with the links', async () => {
    const demo = await runCli([
      ...against(platform),
      'demo',
      '--json',
      '--failures',
      '2',
      '--wait',
      '20000',
      '--ui-url',
      'http://temporal-ui.example:8080/',
      '--namespace',
      'shop-ops',
    ]);

    expect(demo.code).toBe(0);
    const result = JSON.parse(demo.stdout);
    expect(result.complete).toBe(true);
    expect(result.deliveries).toHaveLength(6);
    const updated = result.deliveries.find((d: any) => d.eventType === 'ORDER_UPDATED');
    expect(updated.attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 204]);
    expect(updated.links.delivery).toBe(
      `http://temporal-ui.example:8080/namespaces/shop-ops/workflows/${encodeURIComponent(
        `delivery:${updated.eventId}:${result.subscriptionId}`,
      )}`,
    );
    expect(result.incoming.status).toBe('published');
  });

  test('a demo whose deliveries do not finish within --wait says so and exits 1', async () => {
    const demo = await runCli([...against(platform), 'demo', '--wait', '1']);

    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('Not every delivery finished in time');
    expect(demo.stdout).not.toMatch(/ORDER_UPDATED: delivered/);
    const subscriptionId = /subscription (sub_\w+)/.exec(demo.stdout)![1];
    const subscription = await platform.api('GET', `/v1/subscriptions/${subscriptionId}`);
    expect(subscription.body.status).toBe('paused');
  });

  test('a platform that refuses http://127.0.0.1 gets told how to allow it (exit code 1)', async () => {
    const strict = await startPlatform({ HOOKLINE_ALLOWED_HOSTS: '' }, { worker: false });
    try {
      const demo = await runCli([...against(strict), 'demo']);

      expect(demo.code).toBe(1);
      expect(demo.stderr).toContain('url: must use https');
      expect(demo.stderr).toContain('HOOKLINE_ALLOWED_HOSTS=127.0.0.1');
    } finally {
      await strict.stop();
    }
  });
});
