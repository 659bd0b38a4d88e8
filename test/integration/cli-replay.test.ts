import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';
import { against, runCli } from './cli-run';

/**
 * `deliveries replay` against deliveries that really failed: a platform whose deliveries give
 * up after 2 s, and a subscriber that answers 500 until it is made healthy.
 */
describe('hookline deliveries replay', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  let healthy = false;
  let subscriptionId: string;
  let publishedAfter: string;

  beforeAll(async () => {
    platform = await startPlatform({
      HOOKLINE_RETRY_SCHEDULE: '0s,300ms',
      HOOKLINE_RETRY_HORIZON: '2s',
    });
    subscriber = await TestSubscriber.start(() => (healthy ? undefined : { status: 500 }));
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_replay',
    });
    subscriptionId = created.body.id;
  });

  afterAll(async () => {
    await subscriber.stop();
    await platform.stop();
  });

  const hookline = (args: string[], options: { tty?: boolean } = {}) =>
    runCli([...against(platform), ...args], options);

  async function deliveries(status: string): Promise<any[]> {
    const list = await platform.api(
      'GET',
      `/v1/subscriptions/${subscriptionId}/deliveries?status=${status}`,
    );
    return list.body.data;
  }

  test('failed deliveries are replayed one by one with a progress bar, and then arrive', async () => {
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_replay'));
    // a delivery's createdAt is when its event workflow planned it, a moment after the 202
    await waitUntil(async () => ((await deliveries('retrying')).length === 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 20));
    publishedAfter = new Date().toISOString();
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_replay'));
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_replay'));
    await waitUntil(async () => ((await deliveries('failed')).length === 3 ? true : undefined));
    healthy = true;

    const replayed = await hookline(
      ['deliveries', 'replay', subscriptionId, '--status', 'failed', '--since', publishedAfter],
      { tty: true },
    );

    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toBe(
      '2 failed deliveries matched: 2 started, 0 skipped (still running), 0 failed.\n',
    );
    expect(replayed.stderr).toContain('Replaying');
    expect(replayed.stderr).toContain('2/2 deliveries');
    const delivered = await waitUntil(async () => {
      const done = await deliveries('delivered');
      return done.length === 2 ? done : undefined;
    });
    expect(delivered.every((d) => d.createdAt >= publishedAfter)).toBe(true);
    expect((await deliveries('failed')).map((d) => d.createdAt < publishedAfter)).toEqual([true]);
  });

  test('--until leaves out later deliveries, and --json prints the counts without a progress bar', async () => {
    const replayed = await hookline(
      ['deliveries', 'replay', subscriptionId, '--until', publishedAfter, '--json'],
      { tty: true },
    );

    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toEqual({
      matched: 1,
      started: 1,
      skipped: 0,
      failed: 0,
      errors: [],
    });
    expect(replayed.stderr).toBe('');
    await waitUntil(async () => ((await deliveries('delivered')).length === 3 ? true : undefined));
  });

  test('nothing to replay is said plainly', async () => {
    const replayed = await hookline(['deliveries', 'replay', subscriptionId], { tty: true });

    expect(replayed).toMatchObject({
      code: 0,
      stdout: '0 failed deliveries matched: 0 started, 0 skipped (still running), 0 failed.\n',
      stderr: '',
    });
  });

  test('a subscription that does not exist is not found (exit code 4)', async () => {
    const replayed = await hookline(['deliveries', 'replay', 'sub_nope']);

    expect(replayed.code).toBe(4);
    expect(replayed.stderr).toContain('No subscription with id sub_nope.');
  });
});
