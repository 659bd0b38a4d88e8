import { ConfigError, loadConfig } from '../../src/config';
import { neededScope, TokenTable } from '../../src/http/auth';

const TOKEN = 'a-token-of-20-chars!';

function problemOf(value: string): string {
  try {
    loadConfig({ HOOKLINE_API_TOKENS: value });
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(error.problems.map((p) => p.variable)).toEqual(['HOOKLINE_API_TOKENS']);
      return error.problems[0]!.message;
    }
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('HOOKLINE_API_TOKENS', () => {
  test('unset gives no named tokens', () => {
    const config = loadConfig({});

    expect(config.apiTokens).toEqual([]);
  });

  test('is read as name:scope:token entries, spaces around entries allowed', () => {
    const config = loadConfig({
      HOOKLINE_API_TOKENS: ` ci:read:${TOKEN} , shop:publish:${TOKEN}x,ops:write:${TOKEN}y`,
    });

    expect(config.apiTokens).toEqual([
      { name: 'ci', scope: 'read', token: TOKEN },
      { name: 'shop', scope: 'publish', token: `${TOKEN}x` },
      { name: 'ops', scope: 'write', token: `${TOKEN}y` },
    ]);
  });

  test('a token may hold colons', () => {
    const config = loadConfig({ HOOKLINE_API_TOKENS: `ci:read:${TOKEN}:more` });

    expect(config.apiTokens[0]!.token).toBe(`${TOKEN}:more`);
  });

  test.each([
    ['an entry without a token', 'ci:read', 'entry 1 is not name:scope:token'],
    ['an unknown scope', `ci:admin:${TOKEN}`, 'entry 1 has scope "admin"'],
    ['a short token', 'ci:read:short-token', 'entry 1 has a token shorter than 16 characters'],
    ['a name with a space', `c i:read:${TOKEN}`, 'entry 1 has a name that is not'],
    ['the name admin', `admin:read:${TOKEN}`, "HOOKLINE_ADMIN_TOKEN's"],
    ['a repeated name', `ci:read:${TOKEN},ci:write:${TOKEN}x`, 'entry 2 repeats the name ci'],
    ['a repeated token', `ci:read:${TOKEN},ops:write:${TOKEN}`, 'entry 2 repeats the token'],
  ])('%s stops the start with a message naming the variable', (_name, value, message) => {
    expect(problemOf(value)).toContain(message);
  });

  test('a refused entry is not quoted, so its token does not reach the log', () => {
    expect(problemOf(`ci:nope:${TOKEN}`)).not.toContain(TOKEN);
  });

  test('the token of HOOKLINE_ADMIN_TOKEN cannot be given another name', () => {
    expect(() =>
      loadConfig({ HOOKLINE_ADMIN_TOKEN: TOKEN, HOOKLINE_API_TOKENS: `ci:read:${TOKEN}` }),
    ).toThrow(/HOOKLINE_API_TOKENS: repeats the token of HOOKLINE_ADMIN_TOKEN/);
  });
});

describe('the limits of the management API', () => {
  test('default to 50 requests a second with 100 more per 10 s, and 10 failures a minute', () => {
    const { api } = loadConfig({});

    expect(api).toEqual({
      rateLimitPerSec: 50,
      rateBurst: 100,
      authFailuresPerMin: 10,
      maxHeaderBytes: 16 * 1024,
      requestTimeoutMs: 30_000,
      maxSubscriptionsPerShop: 100,
      maxSourcesPerShop: 100,
    });
  });

  test('HOOKLINE_REQUEST_TIMEOUT is read as a duration', () => {
    expect(loadConfig({ HOOKLINE_REQUEST_TIMEOUT: '2m' }).api.requestTimeoutMs).toBe(120_000);
  });

  test('a HOOKLINE_MAX_HEADER_BYTES below 1024 stops the start', () => {
    expect(() => loadConfig({ HOOKLINE_MAX_HEADER_BYTES: '100' })).toThrow(
      /HOOKLINE_MAX_HEADER_BYTES/,
    );
  });
});

describe('neededScope', () => {
  test.each([
    ['GET', '/v1/subscriptions', 'read'],
    ['HEAD', '/v1/sources', 'read'],
    ['POST', '/v1/events', 'publish'],
    ['POST', '/v1/Events/', 'publish'],
    ['POST', '/v1/events/x', 'write'],
    ['PUT', '/v1/events', 'write'],
    ['POST', '/v1/subscriptions', 'write'],
    ['PATCH', '/v1/subscriptions/sub_1', 'write'],
    ['DELETE', '/v1/sources/src_1', 'write'],
    ['OPTIONS', '/v1/subscriptions', 'write'],
  ])('%s %s needs %s', (method, path, scope) => {
    expect(neededScope(method, path)).toBe(scope);
  });
});

describe('TokenTable', () => {
  const table = new TokenTable([
    { name: 'admin', scope: 'write', token: TOKEN },
    { name: 'ci', scope: 'read', token: `${TOKEN}-ci` },
  ]);

  test('finds the owner of a known token', () => {
    expect(table.find(`${TOKEN}-ci`)).toEqual({ name: 'ci', scope: 'read' });
  });

  test.each([
    ['a prefix of a token', TOKEN.slice(0, -1)],
    ['a token with one more character', `${TOKEN}x`],
    ['another case', TOKEN.toUpperCase()],
    ['the empty string', ''],
  ])('finds nobody for %s', (_name, presented) => {
    expect(table.find(presented)).toBeUndefined();
  });
});
