import { startPlatform, TEST_ADMIN_TOKEN, type TestPlatform } from '../helpers/platform';
import { RawConnection, requestBytes, sendRaw } from '../helpers/raw-http';
import { callWith } from '../helpers/token-api';

const READ_TOKEN = 'viewer-token-0123456789';

describe('the per-token rate limit', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform(
      {
        HOOKLINE_API_TOKENS: `viewer:read:${READ_TOKEN}`,
        HOOKLINE_API_RATE_LIMIT: '3',
        HOOKLINE_API_RATE_BURST: '1',
      },
      { worker: false },
    );
  });

  afterAll(async () => {
    await platform.stop();
  });

  test('answers 429 with Retry-After above the rate, other tokens unaffected, then recovers', async () => {
    const burst = await Promise.all(
      Array.from({ length: 12 }, () => callWith(platform.url, READ_TOKEN, 'GET', '/v1/sources')),
    );
    const limited = burst.find((answer) => answer.status === 429)!;
    const otherToken = await platform.api('GET', '/v1/sources');
    await new Promise((resolve) =>
      setTimeout(resolve, 1000 * Number(limited.headers.get('retry-after'))),
    );
    const later = await callWith(platform.url, READ_TOKEN, 'GET', '/v1/sources');

    expect(burst.filter((answer) => answer.status === 200).length).toBeLessThan(12);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', details: [] });
    expect(limited.body.error.message).toContain('this token');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(otherToken.status).toBe(200);
    expect(later.status).toBe(200);
  });
});

describe('the limit of failed authentications per address', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ HOOKLINE_AUTH_FAILURE_LIMIT: '3' }, { worker: false });
  });

  afterAll(async () => {
    await platform.stop();
  });

  test('after 3 wrong tokens, the address gets 429 with Retry-After, even with the right token', async () => {
    const wrong = [];
    for (let guess = 0; guess < 3; guess += 1) {
      wrong.push(
        (await callWith(platform.url, `guess-${guess}-0123456789abc`, 'GET', '/v1/sources')).status,
      );
    }

    const fourth = await callWith(platform.url, 'guess-3-0123456789abc', 'GET', '/v1/sources');
    const right = await callWith(platform.url, TEST_ADMIN_TOKEN, 'GET', '/v1/sources');

    expect(wrong).toEqual([401, 401, 401]);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('too_many_failed_authentications');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(1);
    expect(Number(fourth.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(right.status).toBe(429);
  });

  test('the receiver and health answer as before: the lock-out is on /v1 only', async () => {
    const health = await fetch(`${platform.url}/healthz`);

    expect(health.status).toBe(200);
  });
});

describe('limits of the HTTP server and of each shop', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform(
      {
        HOOKLINE_MAX_HEADER_BYTES: '2048',
        HOOKLINE_REQUEST_TIMEOUT: '1s',
        HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP: '2',
        HOOKLINE_MAX_SOURCES_PER_SHOP: '1',
      },
      { worker: false },
    );
  });

  afterAll(async () => {
    await platform.stop();
  });

  const host = () => new URL(platform.url).host;
  const subscription = (shopId?: string) => ({
    url: 'http://127.0.0.1:4000/hooks',
    eventTypes: ['ORDER_CREATED'],
    ...(shopId === undefined ? {} : { shopId }),
  });

  describe('request heads', () => {
    test('a head above HOOKLINE_MAX_HEADER_BYTES is answered 431', async () => {
      const answer = await sendRaw(platform.url, {
        method: 'GET',
        path: '/healthz',
        headers: [['x-filler', 'a'.repeat(3000)]],
      });

      expect(answer.status).toBe(431);
    });

    test('a head below it is answered', async () => {
      const answer = await sendRaw(platform.url, {
        method: 'GET',
        path: '/healthz',
        headers: [['x-filler', 'a'.repeat(1000)]],
      });

      expect(answer.status).toBe(200);
    });
  });

  describe('slow clients', () => {
    test('a body that does not arrive within HOOKLINE_REQUEST_TIMEOUT is answered 408, and the server stays up', async () => {
      const connection = await RawConnection.open(platform.url);
      const head = requestBytes(host(), {
        method: 'POST',
        path: '/v1/subscriptions',
        headers: [
          ['authorization', `Bearer ${TEST_ADMIN_TOKEN}`],
          ['content-type', 'application/json'],
          ['content-length', '200'],
        ],
      });
      await connection.write(Buffer.concat([head, Buffer.from('{"url": ')]));

      const answers = await connection.answers(10_000);
      const health = await fetch(`${platform.url}/healthz`);

      expect(answers.map((a) => a.status)).toEqual([408]);
      expect(health.status).toBe(200);
    });

    test('headers that do not end within HOOKLINE_REQUEST_TIMEOUT are answered 408', async () => {
      const connection = await RawConnection.open(platform.url);
      await connection.write(`GET /healthz HTTP/1.1\r\nhost: ${host()}\r\nx-slow: 1\r\n`);

      const answers = await connection.answers(10_000);

      expect(answers.map((a) => a.status)).toEqual([408]);
    });
  });

  describe('subscriptions per shop', () => {
    test('one more than HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP is refused with 409 naming the variable', async () => {
      const first = await platform.api('POST', '/v1/subscriptions', subscription('shop_full'));
      const second = await platform.api('POST', '/v1/subscriptions', subscription('shop_full'));

      const third = await platform.api('POST', '/v1/subscriptions', subscription('shop_full'));

      expect([first.status, second.status, third.status]).toEqual([201, 201, 409]);
      expect(third.body.error.code).toBe('limit_reached');
      expect(third.body.error.message).toContain('HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP');
      expect(third.body.error.message).toContain('shop_full');
    });

    test('another shop still has room, and a deleted subscription frees its place', async () => {
      const full = await platform.api('GET', '/v1/subscriptions?limit=200');
      const inFullShop = full.body.data.filter((s: { shopId: string }) => s.shopId === 'shop_full');

      const other = await platform.api('POST', '/v1/subscriptions', subscription('shop_other'));
      await platform.api('DELETE', `/v1/subscriptions/${inFullShop[0].id}`);
      const again = await platform.api('POST', '/v1/subscriptions', subscription('shop_full'));

      expect(inFullShop).toHaveLength(2);
      expect(other.status).toBe(201);
      expect(again.status).toBe(201);
    });

    test('subscriptions without a shop share one bucket', async () => {
      const statuses = [];
      for (let n = 0; n < 3; n += 1) {
        statuses.push((await platform.api('POST', '/v1/subscriptions', subscription())).status);
      }

      expect(statuses).toEqual([201, 201, 409]);
    });

    test('moving a subscription into a full shop is refused with 409', async () => {
      const created = await platform.api('POST', '/v1/subscriptions', subscription('shop_move'));

      const moved = await platform.api('PATCH', `/v1/subscriptions/${created.body.id}`, {
        shopId: 'shop_full',
      });

      expect(moved.status).toBe(409);
      expect((await platform.api('GET', `/v1/subscriptions/${created.body.id}`)).body.shopId).toBe(
        'shop_move',
      );
    });
  });

  describe('sources per shop', () => {
    test('one more than HOOKLINE_MAX_SOURCES_PER_SHOP is refused with 409 naming the variable', async () => {
      const body = { name: 'Accounting', shopId: 'shop_sources', eventTypes: ['ORDER_CREATED'] };
      const first = await platform.api('POST', '/v1/sources', body);

      const second = await platform.api('POST', '/v1/sources', body);

      expect([first.status, second.status]).toEqual([201, 409]);
      expect(second.body.error.message).toContain('HOOKLINE_MAX_SOURCES_PER_SHOP');
    });
  });
});
