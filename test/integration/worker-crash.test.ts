import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';
import { WorkerProcess } from '../helpers/worker-process';

describe('a worker killed in the middle of a delivery', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    platform = await startPlatform({}, { worker: false });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await subscriber?.stop();
    await platform.stop();
  });

  test('with SIGKILL while the subscriber is still answering loses nothing: a new worker delivers it', async () => {
    let firstRequestSeen: () => void = () => undefined;
    const firstRequest = new Promise<void>((resolve) => (firstRequestSeen = resolve));
    subscriber = await TestSubscriber.start((_req, index) => {
      if (index > 0) return undefined;
      firstRequestSeen();
      return { status: 200, delayMs: 120_000 };
    });
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
    });
    workers.push(await WorkerProcess.start(platform.config));

    const published = await platform.api('POST', '/v1/events', orderCreatedEvent());
    await firstRequest;
    await workers[0]!.kill();
    workers.push(await WorkerProcess.start(platform.config));

    const delivered = await waitUntil(async () => {
      const list = await platform.api(
        'GET',
        `/v1/subscriptions/${created.body.id}/deliveries?status=delivered`,
      );
      return list.body.data[0];
    }, 45_000);
    expect(delivered.eventId).toBe(published.body.eventId);
    const ids = new Set(subscriber.received.map((r) => r.headers['webhook-id']));
    expect(ids).toEqual(new Set([published.body.eventId]));
  });
});
