import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { signedHeaders } from '../helpers/incoming';
import { startPlatform, TEST_ADMIN_TOKEN, type TestPlatform } from '../helpers/platform';
import { freePort } from '../helpers/ports';
import { StartProcess } from '../helpers/start-process';
import { TestSubscriber } from '../helpers/subscriber';

describe('two API processes sharing one database', () => {
  const replicas: StartProcess[] = [];
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  const urls: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
    const { config } = platform;
    for (let index = 0; index < 2; index += 1) {
      const port = await freePort();
      const replica = StartProcess.spawn(
        {
          PORT: String(port),
          HOOKLINE_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          HOOKLINE_DATA_DIR: config.dataDir,
          TEMPORAL_ADDRESS: config.temporal.address!,
          TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
          ...(config.databaseUrl === undefined ? {} : { DATABASE_URL: config.databaseUrl }),
        },
        'api',
      );
      replicas.push(replica);
      await replica.waitForLog('hookline API is running');
      urls.push(`http://127.0.0.1:${port}`);
    }
    subscriber = await TestSubscriber.start();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.terminate()));
    await subscriber.stop();
    await platform.stop();
  });

  test('use the database this run is for', () => {
    const postgresRun = process.env.HOOKLINE_TEST_DATABASE === 'postgres';

    expect(platform.config.databaseUrl?.startsWith('postgres://') ?? false).toBe(postgresRun);
  });

  test('the same webhook-id sent to both at the same moment starts one workflow and applies once', async () => {
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: 'shop_replicas',
    });
    const created = await platform.api('POST', '/v1/sources', {
      name: 'erp',
      shopId: 'shop_replicas',
      eventTypes: ['ORDER_CREATED'],
    });
    const source = created.body as { id: string; secret: string };
    const body = JSON.stringify(orderCreatedEvent('shop_replicas'));
    const headers = signedHeaders(source.secret, body, { webhookId: 'msg_replicas_1' });

    const answers = await Promise.all(
      urls.map((url) => fetch(`${url}/hooks/${source.id}`, { method: 'POST', headers, body })),
    );

    const results = (await Promise.all(answers.map((a) => a.json()))) as {
      eventId: string;
      duplicate: boolean;
    }[];
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(results[0]!.eventId).toBe(results[1]!.eventId);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    await waitUntil(async () => {
      const status = await platform.api('GET', `/v1/incoming/${results[0]!.eventId}`);
      return status.body?.status === 'published' ? true : undefined;
    });
    await subscriber.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subscriber.received).toHaveLength(1);
    const ledger = await platform.db.selectFrom('incoming_events').selectAll().execute();
    expect(ledger).toHaveLength(1);
  });
});
