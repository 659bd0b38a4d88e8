import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { freePort } from '../helpers/ports';
import { TestSubscriber } from '../helpers/subscriber';
import { WorkerProcess } from '../helpers/worker-process';

describe('a worker run alone', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    platform = await startPlatform({}, { worker: false });
    subscriber = await TestSubscriber.start();
  });

  afterAll(async () => {
    await worker?.kill();
    await subscriber.stop();
    await platform.stop();
  });

  test("serves hookline's counters on its metrics port and the Temporal SDK's worker metrics on its own address", async () => {
    const metricsPort = await freePort();
    const sdkPort = await freePort();
    worker = await WorkerProcess.start(platform.config, {
      HOOKLINE_WORKER_METRICS_PORT: String(metricsPort),
      HOOKLINE_SDK_METRICS_ADDRESS: `127.0.0.1:${sdkPort}`,
      HOOKLINE_HOST: '127.0.0.1',
    });
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
    });

    await platform.api('POST', '/v1/events', orderCreatedEvent());
    await subscriber.waitFor(1);

    const delivered = /^hookline_delivery_attempt_outcomes_total\{outcome="delivered"\} 1$/m;
    const hookline = await waitUntil(async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return delivered.test(text) ? text : undefined;
    });
    expect(hookline).toMatch(
      /^hookline_delivery_attempt_outcomes_total\{outcome="delivered"\} 1$/m,
    );
    expect(hookline).toMatch(
      /^hookline_events_accepted_total\{type="ORDER_CREATED",door="api"\} 1$/m,
    );
    const sdk = await (await fetch(`http://127.0.0.1:${sdkPort}/metrics`)).text();
    expect(sdk).toMatch(/^temporal_workflow_task_execution_latency\w*\{/m);
    expect(sdk).toMatch(/^temporal_activity_execution_latency\w*\{/m);
  });
});
