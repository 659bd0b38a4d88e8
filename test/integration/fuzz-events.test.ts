import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { eventExamples } from '../../src/events/examples';
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
  awkwardVariant,
  leafReplacement,
  nestedJson,
  oneLeafReplaced,
} from '../helpers/fuzz-json';
import { startPlatform, TEST_ADMIN_TOKEN, type TestPlatform } from '../helpers/platform';

const RUNS = {
  json: 150,
  bytes: 60,
  mutated: 150,
  unicode: 80,
  nested: 10,
  oversized: 10,
  contentTypes: 50,
  charsets: 40,
  bearer: 40,
};
const TOTAL = Object.values(RUNS).reduce((sum, runs) => sum + runs, 0);
const PUBLISHED_TYPES = [
  'ORDER_CREATED',
  'ORDER_UPDATED',
  'PAYMENT_STATUS_UPDATED',
  'SHIPPING_STATUS_UPDATED',
  'MICROSTORE_CLOSED',
] as const;
const BEARER = `Bearer ${TEST_ADMIN_TOKEN}`;

/** One valid event of each type the shop may publish, each under a new id. */
function publishableEvents(): object[] {
  return PUBLISHED_TYPES.map((type) => ({
    id: `evt_fuzz_${randomUUID()}`,
    type,
    timestamp: '2026-11-30T09:15:00.000Z',
    data: eventExamples[type],
  }));
}

describe(`POST /v1/events, fuzzed with ${TOTAL} requests`, () => {
  let platform: TestPlatform;
  let tried = 0;
  let accepted = 0;
  const acceptedIds = new Set<string>();

  beforeAll(async () => {
    // No worker: what the publishing door itself starts and writes is counted, nothing else.
    platform = await startPlatform({}, { worker: false });
  });

  afterAll(async () => {
    await platform.stop();
  });

  function send(body: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
    tried += 1;
    return fetchAnswer(`${platform.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: BEARER, 'content-type': 'application/json', ...headers },
      body,
    });
  }

  /** A 202 must say `duplicate` exactly when its event id was accepted before; else a refusal. */
  function expectAcceptedOrRefused(answer: Answer, statuses: number[]): void {
    if (answer.status !== 202) {
      expectRefused(answer, statuses);
      return;
    }
    const { eventId } = answer.body as { eventId: string };
    expect(answer.body).toEqual({ eventId, duplicate: acceptedIds.has(eventId) });
    if (!acceptedIds.has(eventId)) accepted += 1;
    acceptedIds.add(eventId);
  }

  async function check<T>(
    arbitrary: fc.Arbitrary<T>,
    numRuns: number,
    predicate: (value: T) => Promise<void>,
  ) {
    const before = await readLedger(platform);
    const acceptedBefore = accepted;

    await fc.assert(fc.asyncProperty(arbitrary, predicate), { numRuns });

    await expectGrowth(platform, before, { workflows: accepted - acceptedBefore });
    await expectHealthy(platform);
  }

  test(`${RUNS.json} random JSON values: 422`, async () => {
    await check(anyJson, RUNS.json, async (value) => {
      expectRefused(await send(JSON.stringify(value)), [422]);
    });
  });

  test(`${RUNS.bytes} bodies of random bytes sent as JSON: 400 or 422`, async () => {
    await check(fc.uint8Array({ maxLength: 2000 }), RUNS.bytes, async (bytes) => {
      expectRefused(await send(Buffer.from(bytes)), [400, 422]);
    });
  });

  test(`${RUNS.mutated} valid events with one leaf replaced by any JSON value: 202 or 422`, async () => {
    const mutants = fc
      .constant(null)
      .chain(() => oneLeafReplaced(publishableEvents(), () => leafReplacement));

    await check(mutants, RUNS.mutated, async ({ event }) => {
      expectAcceptedOrRefused(await send(JSON.stringify(event)), [422]);
    });
  });

  test(`${RUNS.unicode} valid events with lone surrogates, NUL, RTL marks or emoji in a string: 202 or 422`, async () => {
    const mutants = fc.constant(null).chain(() =>
      oneLeafReplaced(
        publishableEvents(),
        (leaf) => awkwardVariant(leaf as string),
        (leaf) => typeof leaf === 'string',
      ),
    );

    await check(mutants, RUNS.unicode, async ({ event }) => {
      expectAcceptedOrRefused(await send(JSON.stringify(event)), [422]);
    });
  });

  test(`${RUNS.nested} bodies of 1,000 to 120,000 nested arrays: 422`, async () => {
    await check(fc.integer({ min: 1000, max: 120_000 }), RUNS.nested, async (depth) => {
      expectRefused(await send(nestedJson(depth, 'array')), [422]);
    });
  });

  test(`${RUNS.oversized} bodies over the limit: 413`, async () => {
    const limit = platform.config.maxBodyBytes;

    await check(fc.integer({ min: limit + 1, max: 2 * limit }), RUNS.oversized, async (size) => {
      const body = JSON.stringify({ type: 'ORDER_CREATED', data: { padding: '' } });
      const padded = body.replace('""', `"${'x'.repeat(size - body.length)}"`);

      const answer = await send(padded);

      expect(Buffer.byteLength(padded)).toBe(size);
      expectRefused(answer, [413]);
    });
  });

  test(`${RUNS.contentTypes} valid events sent as another content type: 415`, async () => {
    const contentType = fc.oneof(
      fc
        .tuple(fc.stringMatching(/^[a-z]{1,11}$/), fc.stringMatching(/^[a-z0-9+.-]{1,16}$/))
        .filter(([type, subtype]) => !(type === 'application' && subtype === 'json'))
        .map(([type, subtype]) => `${type}/${subtype}`),
      fc.constantFrom('text/plain', 'text/json', 'application/jsonp', 'application/*', '*/*'),
      fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'),
    );

    await check(contentType, RUNS.contentTypes, async (type) => {
      const [event] = publishableEvents();

      const answer = await send(JSON.stringify(event), { 'content-type': type });

      expectRefused(answer, [415]);
    });
  });

  test(`${RUNS.charsets} valid events with an odd charset or content-encoding: 202 or 4xx`, async () => {
    const odd = fc.record({
      charset: fc.oneof(
        fc.constantFrom('utf-8', 'UTF-8', 'utf-16', 'utf-16le', 'utf-7', 'utf-99', 'latin1'),
        fc.stringMatching(/^[a-z0-9-]{1,12}$/),
      ),
      encoding: fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'zstd', 'identity'),
    });

    await check(odd, RUNS.charsets, async ({ charset, encoding }) => {
      const [event] = publishableEvents();
      const headers: Record<string, string> = {
        'content-type': `application/json; charset=${charset}`,
        ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
      };

      const answer = await send(JSON.stringify(event), headers);

      expectAcceptedOrRefused(answer, [400, 415, 422]);
    });
  });

  test(`${RUNS.bearer} valid events with a wrong or missing bearer token: 401`, async () => {
    const authorization = fc
      .oneof(
        fc.constant(undefined),
        fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/).map((token) => `Bearer ${token}`),
        fc.constantFrom(TEST_ADMIN_TOKEN, `Basic ${TEST_ADMIN_TOKEN}`, `Token ${TEST_ADMIN_TOKEN}`),
        fc.constantFrom(`${BEARER}x`, BEARER.slice(0, -1), `${BEARER} extra`, `Bearer`),
      )
      .filter((value) => value?.trim().replace(/\s+/g, ' ').toLowerCase() !== BEARER.toLowerCase());

    await check(authorization, RUNS.bearer, async (value) => {
      const [event] = publishableEvents();
      tried += 1;

      const answer = await fetchAnswer(`${platform.url}/v1/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(value === undefined ? {} : { authorization: value }),
        },
        body: JSON.stringify(event),
      });

      expectRefused(answer, [401]);
    });
  });

  test(`the publishing door answered all ${TOTAL} inputs`, () => {
    expect(tried).toBe(TOTAL);
  });
});
