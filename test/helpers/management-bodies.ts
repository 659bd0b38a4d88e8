import fc from 'fast-check';
import { eventTypes } from '../../src/events/catalog';
import { anyJson, awkwardChar, awkwardString, leafReplacement } from './fuzz-json';

const isWellFormed = (text: string) => !/\p{Cs}/u.test(text);

const objectId = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/);

/** What a field is replaced with: any JSON value, or a string around a length limit. */
const junk = fc.oneof(
  leafReplacement,
  fc.string({ minLength: 190, maxLength: 600 }),
  fc.stringMatching(/^[A-Za-z0-9_.-]{65,80}$/),
);

function withoutKey(body: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([name]) => name !== key));
}

/**
 * A valid body, or one with exactly one change: a field replaced by junk, a field removed, or
 * an unknown field added.
 */
function withAtMostOneChange(valid: fc.Arbitrary<Record<string, unknown>>) {
  const change = fc.constantFrom('none', 'replace', 'remove', 'add');
  return fc
    .tuple(valid, change, fc.nat(), junk, awkwardString)
    .map(([body, kind, index, value, key]) => {
      if (kind === 'add') return { ...body, [key]: value };
      const keys = Object.keys(body);
      if (kind === 'none' || keys.length === 0) return body;
      const field = keys[index % keys.length]!;
      return kind === 'replace' ? { ...body, [field]: value } : withoutKey(body, field);
    });
}

/**
 * URLs whose host needs no DNS lookup: creating a subscription resolves its host, and a
 * property must neither depend on the network nor send fuzzed names to a resolver. IP
 * literals are judged as they are, 127.0.0.1 is allow-listed by the test platform and
 * `localhost` is answered by the hosts file.
 */
const lookupFreeUrl = fc
  .record({
    scheme: fc.constantFrom('https', 'http', 'HTTPS', 'ftp', 'ws'),
    host: fc.oneof(
      fc.ipV4(),
      fc.ipV6().map((address) => `[${address}]`),
      fc.constantFrom('127.0.0.1', '127.0.0.1:4000', 'localhost', '[::1]', '10.0.0.1', '0.0.0.0'),
    ),
    userinfo: fc.constantFrom('', '', 'user@', 'user:pw@'),
    path: fc.array(awkwardString.filter(isWellFormed).map(encodeURIComponent), { maxLength: 3 }),
    query: fc.option(awkwardString.filter(isWellFormed).map(encodeURIComponent)),
  })
  .map(({ scheme, host, userinfo, path, query }) => {
    const search = query === null ? '' : `?${query}`;
    return `${scheme}://${userinfo}${host}/${path.join('/')}${search}`;
  });

const subscriptionFields = {
  url: fc.oneof(lookupFreeUrl, fc.constant('http://127.0.0.1:4000/hooks')),
  eventTypes: fc.subarray([...eventTypes], { minLength: 1 }),
  shopId: objectId,
  description: fc.string({ unit: awkwardChar, maxLength: 60 }),
  timeoutMs: fc.integer({ min: 1000, max: 60_000 }),
  retryHorizonMs: fc.integer({ min: 60_000, max: 30 * 24 * 60 * 60 * 1000 }),
  appId: objectId,
};

/** Bodies for `POST /v1/subscriptions`: any JSON, or a valid body with at most one change. */
export const newSubscriptionBody = fc.oneof(
  { arbitrary: anyJson, weight: 1 },
  {
    arbitrary: withAtMostOneChange(
      fc.record(subscriptionFields, { requiredKeys: ['url', 'eventTypes'] }),
    ),
    weight: 3,
  },
);

/** Bodies for `PATCH /v1/subscriptions/:id`: any JSON, or some valid fields with one change. */
export const subscriptionChanges = fc.oneof(
  { arbitrary: anyJson, weight: 1 },
  {
    arbitrary: withAtMostOneChange(fc.record(subscriptionFields, { requiredKeys: [] })),
    weight: 3,
  },
);

/** Bodies for `POST /v1/sources`: any JSON, or a valid body with at most one change. */
export const sourceBody = fc.oneof(
  { arbitrary: anyJson, weight: 1 },
  {
    arbitrary: withAtMostOneChange(
      fc.record(
        {
          name: fc.string({ unit: awkwardChar, minLength: 1, maxLength: 20 }),
          shopId: objectId,
          eventTypes: fc.subarray(['ORDER_CREATED', 'ORDER_UPDATED', 'PAYMENT_STATUS_UPDATED'], {
            minLength: 1,
          }),
          appId: objectId,
        },
        { requiredKeys: ['name', 'shopId', 'eventTypes'] },
      ),
    ),
    weight: 3,
  },
);
