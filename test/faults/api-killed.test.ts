import { tallyDeliveries, waitForAllDelivered, waitForDeliveredRows } from '../helpers/fault-tally';
import { faultDataDir } from '../helpers/fault-data-dir';
import { startPlatform, TEST_ADMIN_TOKEN, type TestPlatform } from '../helpers/platform';
import { freePort } from '../helpers/ports';
import {
  acceptedIds,
  identifiedOrderEvent,
  publishMany,
  type PublishOutcome,
} from '../helpers/publish-many';
import { StartProcess } from '../helpers/start-process';
import { TestSubscriber } from '../helpers/subscriber';

const EVENTS = 250;
const KILL_AT_ACCEPTED = 100;
const SHOP = 'shop_fault_api';

describe('fault: the API process killed right after answering 202', () => {
  let platform: TestPlatform;
  let data: Awaited<ReturnType<typeof faultDataDir>> | undefined;
  let subscriber: TestSubscriber;
  const apis: StartProcess[] = [];

  /** The API alone, as `npm run start:api` runs it, on the platform's queue and database. */
  async function startApi(): Promise<{ process: StartProcess; url: string }> {
    const { config } = platform;
    const port = await freePort();
    const api = StartProcess.spawn(
      {
        PORT: String(port),
        HOOKLINE_HOST: '127.0.0.1',
        HOOKLINE_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        HOOKLINE_DATA_DIR: config.dataDir,
        HOOKLINE_API_RATE_LIMIT: '100000',
        TEMPORAL_ADDRESS: config.temporal.address!,
        TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      },
      'api',
    );
    apis.push(api);
    await api.waitForLog('hookline API is running');
    return { process: api, url: `http://127.0.0.1:${port}` };
  }

  beforeAll(async () => {
    data = await faultDataDir('api');
    platform = await startPlatform({ HOOKLINE_DATA_DIR: data.dir });
    subscriber = await TestSubscriber.start();
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId: SHOP,
    });
  });

  afterAll(async () => {
    for (const api of apis) api.kill();
    await Promise.all(apis.map((api) => api.exited()));
    await subscriber.stop();
    await platform.stop();
    await data?.remove();
  });

  test('every event answered 202 is delivered, and a resent cut request is never started twice', async () => {
    const first = await startApi();
    const events = Array.from({ length: EVENTS }, () => identifiedOrderEvent(SHOP));
    let accepted = 0;
    const killAfter202 = (outcome: PublishOutcome) => {
      if (outcome.status !== 202) return;
      accepted += 1;
      if (accepted === KILL_AT_ACCEPTED) first.process.kill();
    };

    const outcomes = await publishMany(() => first.url, events, 10, killAfter202);
    await first.process.exited();
    const acceptedBeforeKill = acceptedIds(outcomes);
    const cut = events.filter((_, index) => outcomes[index]!.status === null);
    const refused = outcomes.filter((o) => o.errorCode === 'ECONNREFUSED').length;
    // A client whose request was cut sends it again with the same id, to a live API.
    const second = await startApi();
    const resent = await publishMany(() => second.url, cut, 10);
    const startedBeforeCut = resent.filter((o) => o.status === 202 && o.duplicate === true);
    const expected = [...acceptedBeforeKill, ...acceptedIds(resent)];
    await waitForAllDelivered(subscriber.received, expected, 120_000);

    const tally = tallyDeliveries('api-killed-after-202', expected, subscriber.received, {
      acceptedBeforeKill: acceptedBeforeKill.length,
      cutInFlight: cut.length - refused,
      refusedAfterKill: refused,
      cutButStarted: startedBeforeCut.length,
    });
    expect(acceptedBeforeKill.length).toBeGreaterThanOrEqual(KILL_AT_ACCEPTED);
    expect(acceptedBeforeKill.length + cut.length).toBe(EVENTS);
    expect(resent.every((o) => o.status === 202)).toBe(true);
    expect(tally.lostIds).toEqual([]);
    expect(tally.duplicates).toBe(0);
    expect(await waitForDeliveredRows(platform.db)).toBe(0);
  });
});
