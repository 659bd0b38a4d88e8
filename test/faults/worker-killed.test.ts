import { acceptedIds, identifiedOrderEvent, publishMany } from '../helpers/publish-many';
import { tallyDeliveries, waitForAllDelivered, waitForDeliveredRows } from '../helpers/fault-tally';
import { faultDataDir } from '../helpers/fault-data-dir';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';
import { WorkerProcess } from '../helpers/worker-process';

const EVENTS = 250;
const SHOP = 'shop_fault_worker';

describe('fault: the worker killed with SIGKILL while deliveries are in flight', () => {
  let platform: TestPlatform;
  let data: Awaited<ReturnType<typeof faultDataDir>> | undefined;
  let subscriber: TestSubscriber;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    data = await faultDataDir('worker');
    platform = await startPlatform({ HOOKLINE_DATA_DIR: data.dir }, { worker: false });
    // A slow-ish answer keeps many attempts in flight at the moment of the kill.
    subscriber = await TestSubscriber.start(() => ({ status: 200, delayMs: 300 }));
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: SHOP,
    });
  });

  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await subscriber.stop();
    await platform.stop();
    await data?.remove();
  });

  test('a restarted worker delivers every accepted event; duplicates are the attempts cut by the kill', async () => {
    workers.push(await WorkerProcess.start(platform.config));
    const events = Array.from({ length: EVENTS }, () => identifiedOrderEvent(SHOP));
    const outcomes = await publishMany(() => platform.url, events, 10);
    const expected = acceptedIds(outcomes);
    await subscriber.waitFor(EVENTS / 4, 60_000);

    await workers[0]!.kill();
    const atKill = subscriber.received.length;
    workers.push(await WorkerProcess.start(platform.config));
    await waitForAllDelivered(subscriber.received, expected, 120_000);

    const tally = tallyDeliveries('worker-sigkill', expected, subscriber.received, {
      requestsBeforeKill: atKill,
    });
    expect(expected).toHaveLength(EVENTS);
    expect(tally.lostIds).toEqual([]);
    expect(await waitForDeliveredRows(platform.db)).toBe(0);
  });
});
