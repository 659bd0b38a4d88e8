import path from 'node:path';
import { createLogger } from '../../src/logger';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server';
import { tallyDeliveries, waitForAllDelivered, waitForDeliveredRows } from '../helpers/fault-tally';
import { faultDataDir } from '../helpers/fault-data-dir';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { freePort } from '../helpers/ports';
import { acceptedIds, identifiedOrderEvent, publishMany } from '../helpers/publish-many';
import { TestSubscriber } from '../helpers/subscriber';
import { WorkerProcess } from '../helpers/worker-process';

const EVENTS = 250;
const SHOP = 'shop_fault_temporal';
const OUTAGE_MS = 5000;

describe('fault: the Temporal dev server stopped and restarted on its SQLite file', () => {
  let server: DevServer;
  let platform: TestPlatform;
  let subscriber: TestSubscriber;
  let worker: WorkerProcess | undefined;
  let data: Awaited<ReturnType<typeof faultDataDir>> | undefined;
  const logger = createLogger({ level: 'error', format: 'json' });

  /** A dev server of this case's own, so that stopping it touches no other test. */
  async function startServer(port: number, dbFile: string): Promise<DevServer> {
    const cliPath = process.env.HOOKLINE_TEST_TEMPORAL_CLI;
    if (cliPath === undefined) throw new Error('this case needs the Temporal CLI of the test run');
    return startDevServer({
      cli: { kind: 'path', path: cliPath, origin: 'TEMPORAL_CLI_PATH' },
      port,
      uiPort: undefined,
      dbFile,
      namespace: 'default',
      logger,
    });
  }

  afterAll(async () => {
    await worker?.kill();
    await subscriber?.stop();
    await platform?.stop();
    await server?.stop();
    await data?.remove();
  });

  test('the worker resumes after the restart and every accepted event is delivered', async () => {
    const port = await freePort();
    data = await faultDataDir('temporal');
    const dbFile = path.join(data.dir, 'temporal.db');
    server = await startServer(port, dbFile);
    platform = await startPlatform(
      { TEMPORAL_ADDRESS: server.address, HOOKLINE_DATA_DIR: data.dir },
      { worker: false },
    );
    subscriber = await TestSubscriber.start(() => ({ status: 200, delayMs: 100 }));
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: SHOP,
    });
    worker = await WorkerProcess.start(platform.config);
    const events = Array.from({ length: EVENTS }, () => identifiedOrderEvent(SHOP));
    const expected = acceptedIds(await publishMany(() => platform.url, events, 10));
    await subscriber.waitFor(EVENTS / 4, 120_000);

    await server.stop();
    const atStop = subscriber.received.length;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const duringOutage = subscriber.received.length - atStop;
    server = await startServer(port, dbFile);
    await waitForAllDelivered(subscriber.received, expected, 150_000);

    const tally = tallyDeliveries('temporal-restart', expected, subscriber.received, {
      requestsBeforeStop: atStop,
      requestsDuringOutage: duringOutage,
      outageMs: OUTAGE_MS,
    });
    expect(expected).toHaveLength(EVENTS);
    expect(tally.lostIds).toEqual([]);
    expect(await waitForDeliveredRows(platform.db)).toBe(0);
  });
});
