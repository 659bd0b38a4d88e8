import { mkdtemp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { testDatabaseEnv } from '../helpers/database';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { freePort } from '../helpers/ports';
import { StartProcess } from '../helpers/start-process';
import { TestSubscriber } from '../helpers/subscriber';

describe('npm start', () => {
  const processes: StartProcess[] = [];
  let subscriber: TestSubscriber | undefined;

  afterAll(async () => {
    for (const started of processes) started.kill();
    await subscriber?.stop();
  });

  test('a wrong setting stops start-up with a message naming the variable', async () => {
    const started = StartProcess.spawn({ PORT: 'abc' });
    processes.push(started);

    const code = await started.exited();

    expect(code).toBe(2);
    expect(started.stderr.join('\n')).toMatch(/PORT: "abc" is not a whole number/);
  });

  test('runs Temporal with its UI, the worker and the API; stopped and started again, it keeps every workflow and its timers', async () => {
    const dataDir = await mkdtemp(path.join(process.env.HOOKLINE_TEST_TMP!, 'start-'));
    const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort() };
    const env = {
      PORT: String(ports.api),
      TEMPORAL_DEV_SERVER_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      HOOKLINE_DATA_DIR: dataDir,
      HOOKLINE_ALLOWED_HOSTS: '127.0.0.1',
      HOOKLINE_RETRY_SCHEDULE: '0s,4s',
      ...(await testDatabaseEnv()),
      ...(process.env.HOOKLINE_TEST_TEMPORAL_CLI === undefined
        ? {}
        : { TEMPORAL_CLI_PATH: process.env.HOOKLINE_TEST_TEMPORAL_CLI }),
    };
    let healthy = false;
    subscriber = await TestSubscriber.start(() => (healthy ? undefined : { status: 503 }));
    const first = StartProcess.spawn(env);
    processes.push(first);
    const running = await first.waitForLog('hookline is running');
    const api = `http://127.0.0.1:${ports.api}`;
    const token = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
    const call = (method: string, route: string, body?: unknown) =>
      fetch(`${api}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    expect(running).toMatchObject({ api, temporalUi: `http://127.0.0.1:${ports.ui}` });
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);
    const created = await call('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
    });
    const subscription = (await created.json()) as { id: string };
    const published = (await (await call('POST', '/v1/events', orderCreatedEvent())).json()) as {
      eventId: string;
    };
    await subscriber.waitFor(1);
    expect(await first.terminate()).toBe(0);

    healthy = true;
    const second = StartProcess.spawn(env);
    processes.push(second);
    await second.waitForLog('hookline is running');

    const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    try {
      const client = new Client({ connection });
      const handle = client.workflow.getHandle(`event:${published.eventId}`);
      expect((await handle.describe()).status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
    const received = await subscriber.waitFor(2, 30_000);
    expect(received[1]!.headers['webhook-id']).toBe(published.eventId);
    const delivered = await waitUntil(async () => {
      const answer = await call('GET', `/v1/subscriptions/${subscription.id}/deliveries`);
      const list = (await answer.json()) as { data: { status: string }[] };
      return list.data[0]?.status === 'delivered' ? list.data[0] : undefined;
    });
    expect(delivered).toMatchObject({ attemptCount: 2 });
    expect(await second.terminate()).toBe(0);
  });
});
