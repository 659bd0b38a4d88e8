import SQLite from 'better-sqlite3';
import { sqliteFile } from '../../src/store/db';
import { tallyDeliveries, waitForAllDelivered, waitForDeliveredRows } from '../helpers/fault-tally';
import { faultDataDir } from '../helpers/fault-data-dir';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { acceptedIds, identifiedOrderEvent, publishMany } from '../helpers/publish-many';
import { TestSubscriber } from '../helpers/subscriber';
import { WorkerProcess } from '../helpers/worker-process';

const EVENTS_BEFORE_LOCK = 200;
const EVENTS_DURING_LOCK = 50;
// Longer than twice the app's busy_timeout (5 s): writes of the worker fail with SQLITE_BUSY.
const LOCK_MS = 12_000;
const SHOP = 'shop_fault_db';

describe('fault: the app database locked (SQLite BEGIN EXCLUSIVE) while workflows write to it', () => {
  let platform: TestPlatform;
  let data: Awaited<ReturnType<typeof faultDataDir>> | undefined;
  let subscriber: TestSubscriber;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    // The worker runs apart: better-sqlite3 waits for a lock synchronously, and it must not
    // stall the process that holds the lock.
    data = await faultDataDir('db');
    platform = await startPlatform({ HOOKLINE_DATA_DIR: data.dir }, { worker: false });
    subscriber = await TestSubscriber.start(() => ({ status: 200, delayMs: 50 }));
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: SHOP,
    });
  });

  afterAll(async () => {
    await worker?.kill();
    await subscriber.stop();
    await platform.stop();
    await data?.remove();
  });

  test('activities retry past the lock and every event is delivered', async () => {
    worker = await WorkerProcess.start(platform.config);
    const before = Array.from({ length: EVENTS_BEFORE_LOCK }, () => identifiedOrderEvent(SHOP));
    const during = Array.from({ length: EVENTS_DURING_LOCK }, () => identifiedOrderEvent(SHOP));
    const publishing = publishMany(() => platform.url, before, 10);
    await subscriber.waitFor(40, 60_000);

    const lock = new SQLite(sqliteFile(platform.config.dataDir));
    lock.pragma('busy_timeout = 10000');
    lock.exec('BEGIN EXCLUSIVE');
    const atLock = subscriber.received.length;
    const lockedAt = Date.now();
    const publishedDuringLock = await publishMany(() => platform.url, during, 10);
    await new Promise((resolve) => setTimeout(resolve, LOCK_MS - (Date.now() - lockedAt)));
    const duringLock = subscriber.received.length - atLock;
    lock.exec('COMMIT');
    lock.close();
    const expected = [...acceptedIds(await publishing), ...acceptedIds(publishedDuringLock)];
    await waitForAllDelivered(subscriber.received, expected, 150_000);

    const tally = tallyDeliveries('database-locked', expected, subscriber.received, {
      lockMs: LOCK_MS,
      requestsDuringLock: duringLock,
      publishedDuringLock: acceptedIds(publishedDuringLock).length,
    });
    expect(expected).toHaveLength(EVENTS_BEFORE_LOCK + EVENTS_DURING_LOCK);
    expect(tally.lostIds).toEqual([]);
    expect(await waitForDeliveredRows(platform.db)).toBe(0);
  });
});
