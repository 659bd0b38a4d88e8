import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { signWebhook, verifyWebhook, type SignedHeaders } from '../../src/webhooks/signature';

const secretA = `whsec_${Buffer.alloc(32, 0xa1).toString('base64')}`;
const secretB = `whsec_${Buffer.alloc(32, 0xb2).toString('base64')}`;
const body = JSON.stringify({ id: 'evt_1', type: 'ORDER_CREATED', data: { total: 9980 } });

describe('signWebhook', () => {
  const nowSec = () => Math.floor(Date.now() / 1000);

  test('the headers carry the given id and timestamp', () => {
    const headers = signWebhook([secretA], 'msg_1', 1_767_225_600, body);

    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe('1767225600');
  });

  test('a signature made with the secret verifies with the standardwebhooks library', () => {
    const headers = signWebhook([secretA], 'msg_1', nowSec(), body);

    const verify = () => new Webhook(secretA).verify(body, { ...headers });

    expect(verify).not.toThrow();
  });

  test('the standardwebhooks library refuses the signature under another secret', () => {
    const headers = signWebhook([secretA], 'msg_1', nowSec(), body);

    const verify = () => new Webhook(secretB).verify(body, { ...headers });

    expect(verify).toThrow(WebhookVerificationError);
  });

  test('two secrets give two v1 signatures separated by a space', () => {
    const headers = signWebhook([secretA, secretB], 'msg_1', nowSec(), body);

    const parts = headers['webhook-signature'].split(' ');

    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(parts[1]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  test.each([
    ['old', secretA],
    ['new', secretB],
  ])('during a rotation the library verifies with the %s secret', (_name, secret) => {
    const headers = signWebhook([secretA, secretB], 'msg_1', nowSec(), body);

    const verify = () => new Webhook(secret).verify(body, { ...headers });

    expect(verify).not.toThrow();
  });
});

describe('verifyWebhook', () => {
  const nowSec = 1_767_225_600;
  const toleranceSec = 300;

  function validRequest(): Parameters<typeof verifyWebhook>[0] {
    return {
      secrets: [secretA],
      headers: signWebhook([secretA], 'msg_1', nowSec, body),
      body: Buffer.from(body),
      nowSec,
      toleranceSec,
    };
  }

  test('a request signed with the secret is accepted', () => {
    const request = validRequest();

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: true });
  });

  test('a request signed by the standardwebhooks library is accepted', () => {
    const signature = new Webhook(secretA).sign('msg_1', new Date(nowSec * 1000), body);
    const request = {
      ...validRequest(),
      headers: { ...validRequest().headers, 'webhook-signature': signature },
    };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: true });
  });

  test.each<keyof SignedHeaders>(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
    'a request without the %s header is refused as missing_headers',
    (name) => {
      const valid = validRequest();
      const request = { ...valid, headers: { ...valid.headers, [name]: undefined } };

      const result = verifyWebhook(request);

      expect(result).toEqual({ ok: false, reason: 'missing_headers' });
    },
  );

  test('a non-numeric timestamp is refused as bad_timestamp', () => {
    const valid = validRequest();
    const request = { ...valid, headers: { ...valid.headers, 'webhook-timestamp': 'now' } };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: false, reason: 'bad_timestamp' });
  });

  test.each([
    ['past', nowSec - toleranceSec - 1],
    ['future', nowSec + toleranceSec + 1],
  ])('a timestamp beyond the tolerance in the %s is refused as stale', (_when, timestampSec) => {
    const request = {
      ...validRequest(),
      headers: signWebhook([secretA], 'msg_1', timestampSec, body),
    };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: false, reason: 'stale' });
  });

  test('a timestamp exactly at the tolerance is accepted', () => {
    const request = {
      ...validRequest(),
      headers: signWebhook([secretA], 'msg_1', nowSec - toleranceSec, body),
    };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: true });
  });

  test('a tampered body is refused as bad_signature', () => {
    const request = {
      ...validRequest(),
      body: Buffer.from(body.replace('9980', '1')),
    };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  test('a signature made with another secret is refused as bad_signature', () => {
    const request = { ...validRequest(), secrets: [secretB] };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  test('a signature under a version other than v1 is refused as bad_signature', () => {
    const valid = validRequest();
    const signature = valid.headers['webhook-signature']?.replace(/^v1,/, 'v2,');
    const request = { ...valid, headers: { ...valid.headers, 'webhook-signature': signature } };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  test('one matching signature among several offered is accepted', () => {
    const request = {
      ...validRequest(),
      headers: signWebhook([secretB, secretA], 'msg_1', nowSec, body),
    };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: true });
  });

  test('a receiver holding several secrets accepts a signature made with any of them', () => {
    const request = { ...validRequest(), secrets: [secretB, secretA] };

    const result = verifyWebhook(request);

    expect(result).toEqual({ ok: true });
  });
});
