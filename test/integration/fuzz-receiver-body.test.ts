import fc from 'fast-check';
import { incomingEventBodies, orderCreatedBody } from '../helpers/catalog-events';
import {
  type Answer,
  expectGrowth,
  expectHealthy,
  expectRefused,
  fetchAnswer,
  readLedger,
} from '../helpers/fuzz-checks';
import {
  anyJson,
  awkwardChar,
  awkwardVariant,
  leafReplacement,
  nestedJson,
  oneLeafReplaced,
} from '../helpers/fuzz-json';
import {
  createSource,
  postSigned,
  signBytes,
  type SourceCredentials,
} from '../helpers/fuzz-receiver';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { RawConnection, requestBytes } from '../helpers/raw-http';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Inputs per property; every one is a signed request that reaches the parser. */
const RUNS = {
  truncated: 100,
  bytes: 100,
  json: 100,
  mutated: 150,
  unicode: 100,
  nested: 20,
  huge: 12,
  oversized: 10,
};
/** Connections that send half a body and are then given up by their client. */
const STALLED = 20;
/** Named inputs sent besides the properties. */
const NAMED_INPUTS = 4 + STALLED;
const TOTAL = Object.values(RUNS).reduce((sum, runs) => sum + runs, NAMED_INPUTS);
const SHOP = 'shop_fuzz_body';
const NESTED = '__nested__';

describe(`the receiver, fuzzed through its body with ${TOTAL} signed requests`, () => {
  let platform: TestPlatform;
  let source: SourceCredentials;
  let tried = 0;
  let accepted = 0;

  beforeAll(async () => {
    // No worker: what the receiver itself starts and writes is counted, and nothing else.
    platform = await startPlatform({ HOOKLINE_SOURCE_RATE_LIMIT: '1000000' }, { worker: false });
    source = await createSource(platform, SHOP);
  });

  afterAll(async () => {
    await platform.stop();
  });

  async function send(body: Buffer | string): Promise<Answer> {
    tried += 1;
    return postSigned(platform, source, Buffer.from(body));
  }

  /** Answers 202 for a valid event, else asserts a refusal with one of `statuses`. */
  function expectAcceptedOrRefused(answer: Answer, statuses: number[]): void {
    if (answer.status === 202) {
      expect(answer.body).toEqual({ eventId: expect.stringMatching(/^evt_/), duplicate: false });
      accepted += 1;
      return;
    }
    expectRefused(answer, statuses);
  }

  /** Runs a property, then checks that only accepted events left workflows and rows behind. */
  async function check<T>(
    arbitrary: fc.Arbitrary<T>,
    numRuns: number,
    predicate: (value: T) => Promise<void>,
  ) {
    const before = await readLedger(platform);
    const acceptedBefore = accepted;

    await fc.assert(fc.asyncProperty(arbitrary, predicate), { numRuns });

    const grown = accepted - acceptedBefore;
    await expectGrowth(platform, before, { workflows: grown, rows: { incoming_events: grown } });
    await expectHealthy(platform);
  }

  const bodies = () => incomingEventBodies(SHOP).map((event) => JSON.stringify(event));

  test('a valid event signed over its bytes is accepted with 202 (the harness signs right)', async () => {
    const before = await readLedger(platform);

    const answer = await send(JSON.stringify(orderCreatedBody(SHOP)));

    expect(answer).toEqual({
      status: 202,
      body: { eventId: expect.any(String), duplicate: false },
    });
    await expectGrowth(platform, before, { workflows: 1, rows: { incoming_events: 1 } });
  });

  test(`${RUNS.truncated} valid bodies cut at a random byte and signed again: 400 malformed_json`, async () => {
    const cut = fc.record({
      body: fc.constantFrom(...bodies()).map((text) => Buffer.from(text.replace('Ada', 'Zoë 😀'))),
      fraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    });

    await check(cut, RUNS.truncated, async ({ body, fraction }) => {
      const answer = await send(body.subarray(0, Math.floor(body.length * fraction)));

      expectRefused(answer, [400]);
      expect((answer.body as { error: { code: string } }).error.code).toBe('malformed_json');
    });
  });

  test(`${RUNS.bytes} bodies of random bytes: 400 or 422`, async () => {
    await check(fc.uint8Array({ maxLength: 2000 }), RUNS.bytes, async (bytes) => {
      expectRefused(await send(Buffer.from(bytes)), [400, 422]);
    });
  });

  test(`${RUNS.json} random JSON values: 422`, async () => {
    await check(anyJson, RUNS.json, async (value) => {
      expectRefused(await send(JSON.stringify(value)), [422]);
    });
  });

  test(`${RUNS.mutated} valid events with one leaf replaced by any JSON value: 202, 403 or 422`, async () => {
    const mutants = oneLeafReplaced(incomingEventBodies(SHOP), () => leafReplacement);

    await check(mutants, RUNS.mutated, async ({ event }) => {
      expectAcceptedOrRefused(await send(JSON.stringify(event)), [403, 422]);
    });
  });

  test(`${RUNS.unicode} valid events with lone surrogates, NUL, RTL marks or emoji in a string: 202, 403 or 422`, async () => {
    const mutants = oneLeafReplaced(
      incomingEventBodies(SHOP),
      (leaf) => awkwardVariant(leaf as string),
      (leaf) => typeof leaf === 'string',
    );

    await check(mutants, RUNS.unicode, async ({ event }) => {
      expectAcceptedOrRefused(await send(JSON.stringify(event)), [403, 422]);
    });
  });

  /** `depth` arrays or objects nested, as the whole body, as its data or as its timestamp. */
  function nestedBody(kind: 'array' | 'object', depth: number, at: 'body' | 'data' | 'leaf') {
    const nested = nestedJson(depth, kind);
    if (at === 'body') return nested;
    const event = orderCreatedBody(SHOP);
    const host = at === 'data' ? { ...event, data: NESTED } : { ...event, timestamp: NESTED };
    return JSON.stringify(host).replace(`"${NESTED}"`, nested);
  }

  test('a body of 10,000 nested arrays as the event data: 422', async () => {
    const answer = await send(nestedBody('array', 10_000, 'data'));

    expectRefused(answer, [422]);
  });

  test(`${RUNS.nested} bodies nesting 1,000 to 120,000 arrays or objects deep: 422`, async () => {
    const at = fc.constantFrom('body' as const, 'data' as const, 'leaf' as const);
    const nesting = fc.oneof(
      fc.tuple(fc.constant('array' as const), fc.integer({ min: 1000, max: 120_000 }), at),
      fc.tuple(fc.constant('object' as const), fc.integer({ min: 1000, max: 40_000 }), at),
    );

    await check(nesting, RUNS.nested, async ([kind, depth, where]) => {
      expectRefused(await send(nestedBody(kind, depth, where)), [422]);
    });
  });

  /** An ORDER_CREATED body with `count` copies of `char` (or of a number) in one field. */
  function hugeBody(kind: 'string' | 'array', char: string, field: string, count: number) {
    const event = orderCreatedBody(SHOP);
    const fill = kind === 'string' ? char.repeat(count) : new Array<number>(count).fill(7);
    if (field !== 'name') return JSON.stringify({ ...event, [field]: fill });
    const customer = { ...event.data.order.customer, name: fill };
    return JSON.stringify({ ...event, data: { order: { ...event.data.order, customer } } });
  }

  test(`${RUNS.huge} events with a huge string or array in one field, within the body limit: 422`, async () => {
    const limit = platform.config.maxBodyBytes;
    const huge = fc.tuple(
      fc.constantFrom('string' as const, 'array' as const),
      awkwardChar,
      fc.constantFrom('timestamp', 'type', 'name'),
    );

    await check(huge, RUNS.huge, async ([kind, char, field]) => {
      let count = limit;
      while (Buffer.byteLength(hugeBody(kind, char, field, count)) > limit) {
        count = Math.floor(count * 0.95);
      }

      const answer = await send(hugeBody(kind, char, field, count));

      expectRefused(answer, [422]);
    });
  });

  test(`${RUNS.oversized} bodies over the limit: 413`, async () => {
    const limit = platform.config.maxBodyBytes;

    await check(fc.integer({ min: limit + 1, max: 2 * limit }), RUNS.oversized, async (size) => {
      const body = JSON.stringify(orderCreatedBody(SHOP));
      const padded = body.replace('"Ada Lovelace"', `"${'x'.repeat(size - body.length + 14)}"`);

      const answer = await send(padded);

      expect(Buffer.byteLength(padded)).toBeGreaterThan(limit);
      expectRefused(answer, [413]);
    });
  });

  /** Opens a connection and sends a signed webhook's head and the first `sentBytes` of `body`. */
  async function startSlowly(body: Buffer, sentBytes: number): Promise<RawConnection> {
    tried += 1;
    const headers: [string, string][] = [
      ...Object.entries(signBytes(source.secret, body)),
      ['content-type', 'application/json'],
      ['content-length', String(body.length)],
    ];
    const head = requestBytes(new URL(platform.url).host, {
      method: 'POST',
      path: `/hooks/${source.id}`,
      headers,
    });
    const connection = await RawConnection.open(platform.url);
    await connection.write(Buffer.concat([head, body.subarray(0, sentBytes)]));
    return connection;
  }

  test('a valid webhook whose body arrives in two halves 300 ms apart: 202', async () => {
    const before = await readLedger(platform);
    const body = Buffer.from(JSON.stringify(orderCreatedBody(SHOP)));

    const connection = await startSlowly(body, body.length / 2);
    await sleep(300);
    await connection.write(body.subarray(body.length / 2));
    const answers = await connection.answers();

    expect(answers.map((answer) => answer.status)).toEqual([202]);
    await expectGrowth(platform, before, { workflows: 1, rows: { incoming_events: 1 } });
  });

  test(`${STALLED} webhooks whose bodies never finish, given up by their clients: the server keeps answering and starts nothing for them`, async () => {
    const before = await readLedger(platform);
    const body = Buffer.from(JSON.stringify(orderCreatedBody(SHOP)));

    const stalled = await Promise.all(
      Array.from({ length: STALLED }, () => startSlowly(body, body.length / 2)),
    );
    const healthWhileStalled = await fetchAnswer(`${platform.url}/healthz`, {});
    const acceptedWhileStalled = await send(JSON.stringify(orderCreatedBody(SHOP)));
    await sleep(300);
    for (const connection of stalled) connection.destroy();

    expect(healthWhileStalled.status).toBe(200);
    expect(acceptedWhileStalled.status).toBe(202);
    await expectHealthy(platform);
    await expectGrowth(platform, before, { workflows: 1, rows: { incoming_events: 1 } });
  });

  test(`the receiver answered all ${TOTAL} inputs`, () => {
    expect(tried).toBe(TOTAL);
  });
});
