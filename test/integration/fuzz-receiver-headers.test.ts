import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { orderCreatedBody } from '../helpers/catalog-events';
import {
  expectGrowth,
  expectHealthy,
  expectRawRefused,
  expectRefused,
  fetchAnswer,
  readLedger,
} from '../helpers/fuzz-checks';
import { awkwardString } from '../helpers/fuzz-json';
import { createSource, signBytes, type SourceCredentials } from '../helpers/fuzz-receiver';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { exchange, requestBytes, sendRaw } from '../helpers/raw-http';

const RUNS = {
  missing: 30,
  duplicated: 30,
  injected: 60,
  webhookIds: 60,
  contentTypes: 60,
  encodings: 40,
  unsigned: 100,
};
/** The named regression tests' inputs. */
const NAMED_INPUTS = 2;
const TOTAL = Object.values(RUNS).reduce((sum, runs) => sum + runs, NAMED_INPUTS);
const SHOP = 'shop_fuzz_headers';
const WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;
const VALID_WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;

describe(`the receiver, fuzzed through its headers and path with ${TOTAL} requests`, () => {
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

  const hookUrl = () => `${platform.url}/hooks/${source.id}`;
  const validBody = () => Buffer.from(JSON.stringify(orderCreatedBody(SHOP)));

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

  /**
   * Writes raw bytes on a new connection. Each answer must be one of `refusals`, or a 202
   * when `acceptedAs` says one is allowed and whether it repeats an earlier webhook-id.
   */
  async function sendBytes(bytes: Buffer, refusals: number[], acceptedAs?: { duplicate: boolean }) {
    tried += 1;
    const answers = await exchange(platform.url, bytes);

    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      if (answer.status === 202 && acceptedAs !== undefined) {
        expect(JSON.parse(answer.body)).toEqual({ eventId: expect.any(String), ...acceptedAs });
        if (!acceptedAs.duplicate) accepted += 1;
      } else {
        expectRawRefused(answer, refusals);
      }
    }
  }

  function rawHook(headers: [string, string][], body: Buffer, path = `/hooks/${source.id}`) {
    return requestBytes(new URL(platform.url).host, { method: 'POST', path, headers, body });
  }

  test(`${RUNS.missing} valid events missing webhook-* headers, or sending them empty: 401`, async () => {
    const missing = fc.record({
      names: fc.subarray([...WEBHOOK_HEADERS], { minLength: 1 }),
      empty: fc.boolean(),
    });

    await check(missing, RUNS.missing, async ({ names, empty }) => {
      const body = validBody();
      const headers: Record<string, string> = { ...signBytes(source.secret, body) };
      for (const name of names) {
        if (empty) headers[name] = '';
        else delete headers[name];
      }
      tried += 1;

      const answer = await fetchAnswer(hookUrl(), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });

      expectRefused(answer, [401]);
    });
  });

  test(`${RUNS.duplicated} valid events with webhook-* headers sent twice: 401 unless only the signature repeats`, async () => {
    const duplicated = fc.record({
      names: fc.subarray([...WEBHOOK_HEADERS], { minLength: 1 }),
      sameValue: fc.boolean(),
    });

    await check(duplicated, RUNS.duplicated, async ({ names, sameValue }) => {
      const body = validBody();
      const signed = signBytes(source.secret, body);
      const other = {
        'webhook-id': 'msg_other',
        'webhook-timestamp': String(Number(signed['webhook-timestamp']) - 1),
        'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
      };
      const headers: [string, string][] = [['content-type', 'application/json']];
      for (const name of WEBHOOK_HEADERS) {
        headers.push([name, signed[name]]);
        if (names.includes(name)) headers.push([name, sameValue ? signed[name] : other[name]]);
      }
      const onlySignature = names.length === 1 && names[0] === 'webhook-signature';

      const acceptedAs = onlySignature ? { duplicate: false } : undefined;

      await sendBytes(rawHook(headers, body), onlySignature ? [] : [401], acceptedAs);
    });
  });

  test(`${RUNS.injected} valid events with CR, LF, NUL or a folded line injected into a header: never 5xx`, async () => {
    const injected = fc.record({
      header: fc.constantFrom(...WEBHOOK_HEADERS, 'content-type'),
      at: fc.constantFrom('start', 'middle', 'end'),
      breaker: fc.constantFrom(
        '\r',
        '\n',
        '\r\n',
        '\r\n ',
        '\r\n\t',
        '\0',
        '\x0b',
        '\x7f',
        '\r\r\n',
      ),
      tail: fc.oneof(
        fc.constantFrom('', 'x-injected: 1', 'content-length: 0', 'transfer-encoding: chunked'),
        fc.constantFrom('webhook-signature: v1,AAAA', 'webhook-id: msg_injected', '\r\n'),
        fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
      ),
    });

    await check(injected, RUNS.injected, async ({ header, at, breaker, tail }) => {
      const body = validBody();
      const values: Record<string, string> = {
        ...signBytes(source.secret, body),
        'content-type': 'application/json',
      };
      const original = values[header]!;
      const cut = { start: 0, middle: Math.floor(original.length / 2), end: original.length }[at];
      values[header] = original.slice(0, cut) + breaker + tail + original.slice(cut);

      await sendBytes(rawHook(Object.entries(values), body), [400, 401, 415], { duplicate: false });
    });
  });

  test(`${RUNS.webhookIds} valid events under random webhook-ids, signed: 202 for 1 to 256 printable ASCII characters, else 400 or 401`, async () => {
    const ids = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 300 }),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 300 }),
      fc.constantFrom(' msg', 'msg ', 'a b', 'é', 'x'.repeat(256), 'x'.repeat(257)),
    );
    const seen = new Set<string>();

    await check(ids, RUNS.webhookIds, async (webhookId) => {
      const body = validBody();
      const headers = Object.entries({
        ...signBytes(source.secret, body, webhookId),
        'content-type': 'application/json',
      });
      const valid = VALID_WEBHOOK_ID.test(webhookId);
      const acceptedAs = valid ? { duplicate: seen.has(webhookId) } : undefined;
      seen.add(webhookId);

      await sendBytes(rawHook(headers, body), valid ? [] : [400, 401], acceptedAs);
    });
  });

  test(`${RUNS.contentTypes} valid signed events sent with another content type, or none: 415`, async () => {
    const mediaType = fc
      .tuple(fc.stringMatching(/^[a-z]{1,11}$/), fc.stringMatching(/^[a-z0-9+.-]{1,16}$/))
      .filter(([type, subtype]) => !(type === 'application' && subtype === 'json'))
      .map(([type, subtype]) => `${type}/${subtype}`);
    const contentType = fc.oneof(
      mediaType,
      fc.constantFrom('text/plain', 'text/json', 'application/jsonp', 'application/*', '*/*'),
      fc.constantFrom('application/problem+json', 'application/x-www-form-urlencoded', 'json'),
      fc.constantFrom('multipart/form-data; boundary=x', 'application/json-seq', ''),
      fc.constant(undefined),
    );

    await check(contentType, RUNS.contentTypes, async (type) => {
      const body = validBody();
      tried += 1;

      const answer = await fetchAnswer(hookUrl(), {
        method: 'POST',
        headers: {
          ...signBytes(source.secret, body),
          ...(type === undefined ? {} : { 'content-type': type }),
        },
        body,
      });

      expectRefused(answer, [415]);
    });
  });

  test(`${RUNS.encodings} events sent with a content-encoding, compressed or not, signed or not: 202 or 4xx`, async () => {
    const compressors: Record<string, (bytes: Buffer) => Buffer> = {
      gzip: gzipSync,
      deflate: deflateSync,
      br: brotliCompressSync,
    };
    const encoded = fc.record({
      encoding: fc.constantFrom('gzip', 'deflate', 'br', 'GZIP', 'x-gzip', 'zstd', 'gzip, gzip'),
      payload: fc.oneof(
        fc.constant('compressed' as const),
        fc.constant('empty' as const),
        fc.uint8Array({ minLength: 1, maxLength: 500 }),
      ),
      signed: fc.boolean(),
    });

    await check(encoded, RUNS.encodings, async ({ encoding, payload, signed }) => {
      const event = validBody();
      const compress = compressors[encoding.toLowerCase()] ?? gzipSync;
      const body =
        payload === 'compressed'
          ? compress(event)
          : payload === 'empty'
            ? Buffer.alloc(0)
            : Buffer.from(payload);
      const signature = signBytes(source.secret, payload === 'compressed' ? event : body);
      tried += 1;

      const answer = await fetchAnswer(hookUrl(), {
        method: 'POST',
        headers: {
          ...(signed ? signature : {}),
          'content-type': 'application/json',
          'content-encoding': encoding,
        },
        body,
      });

      if (answer.status === 202 && signed && payload === 'compressed') accepted += 1;
      else expectRefused(answer, [400, 401, 415]);
    });
  });

  test(`${RUNS.unsigned} unsigned requests to any path under /hooks/: 401, or 400/404 for a path that is no source id`, async () => {
    const segment = fc.oneof(
      fc.constant('SOURCE'),
      fc.stringMatching(/^src_[0-9a-f]{32}$/),
      awkwardString.filter((text) => text !== '' && !/\p{Cs}/u.test(text)).map(encodeURIComponent),
      fc.constantFrom('..', '.', '%2F', '%2e%2e', 'a%2Fb', '%00', '%', '%ZZ', '%E0%A4%A', '%C0%AF'),
      fc.constantFrom('x;y', 'x?y=1', 'x#y', '~', 'a/b', '', 'x'.repeat(5000)),
    );
    const unsigned = fc.record({
      segment,
      body: fc.uint8Array({ maxLength: 1000 }),
      headers: fc.array(
        fc.tuple(fc.constantFrom(...WEBHOOK_HEADERS), fc.stringMatching(/^[\x21-\x7e]{0,60}$/)),
        { maxLength: 4 },
      ),
      contentType: fc.constantFrom('application/json', 'text/plain'),
    });

    await check(unsigned, RUNS.unsigned, async ({ segment: raw, body, headers, contentType }) => {
      const id = raw === 'SOURCE' ? source.id : raw;
      const isSourceId = id !== '' && !/[/?#]/.test(id) && canDecode(id);
      const request = rawHook(
        [...headers, ['content-type', contentType]],
        Buffer.from(body),
        `/hooks/${id}`,
      );

      await sendBytes(request, isSourceId ? [401] : [400, 401, 404]);
    });
  });

  describe('regressions found by these properties', () => {
    test('an unsigned request to a /hooks/ path that is not valid percent-encoding: 400 malformed_path, not 500', async () => {
      tried += 1;

      const answer = await sendRaw(platform.url, {
        method: 'POST',
        path: '/hooks/%E0%A4%A',
        headers: [['content-type', 'application/json']],
        body: '{}',
      });

      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error.code).toBe('malformed_path');
    });

    test('a body sent as gzip is refused with 415: the signature covers the bytes as sent, not 500', async () => {
      tried += 1;

      const answer = await fetchAnswer(hookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: Buffer.alloc(0),
      });

      expectRefused(answer, [415]);
      expect((answer.body as { error: { code: string } }).error.code).toBe('unsupported_encoding');
    });
  });

  test(`the receiver answered all ${TOTAL} inputs`, () => {
    expect(tried).toBe(TOTAL);
  });
});

function canDecode(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
