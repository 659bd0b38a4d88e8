import { startPlatform, TEST_CODEC_TOKEN, type TestPlatform } from '../helpers/platform';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const plainPayload = { metadata: { encoding: base64('json/plain') }, data: base64('{"a":1}') };

describe('the codec endpoint of the Temporal UI', () => {
  let platform: TestPlatform;

  const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
      body: JSON.stringify(body),
    });
  const withToken = { authorization: `Bearer ${TEST_CODEC_TOKEN}` };

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform.stop();
  });

  test('encode encrypts a payload and decode gives it back, with the bearer token', async () => {
    const encoded = await call('/codec/encode', { payloads: [plainPayload] }, withToken);
    const encrypted = (await encoded.json()) as { payloads: (typeof plainPayload)[] };

    const decoded = await call('/codec/decode', encrypted, withToken);

    expect(encoded.status).toBe(200);
    expect(encrypted.payloads[0]!.metadata.encoding).toBe(base64('binary/encrypted'));
    expect(encrypted.payloads[0]!.data).not.toContain(plainPayload.data);
    expect(decoded.status).toBe(200);
    expect(await decoded.json()).toEqual({ payloads: [plainPayload] });
  });

  test('the token in the path, as the Temporal UI sends it, is accepted', async () => {
    const encrypted = await platform.encryption.codec.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"a":1}') },
    ]);
    const body = {
      payloads: encrypted.map((payload) => ({
        metadata: { encoding: base64('binary/encrypted'), 'encryption-key-id': base64('local1') },
        data: Buffer.from(payload.data!).toString('base64'),
      })),
    };

    const response = await call(`/codec/${TEST_CODEC_TOKEN}/decode`, body);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ payloads: [plainPayload] });
  });

  test('a call without the codec token is refused with 401', async () => {
    const response = await call('/codec/decode', { payloads: [plainPayload] });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  test('a wrong token, in the header or in the path, is refused with 401', async () => {
    const header = await call('/codec/decode', { payloads: [] }, { authorization: 'Bearer nope' });
    const inPath = await call('/codec/wrong-token-0123456789/decode', { payloads: [] });

    expect(header.status).toBe(401);
    expect(inPath.status).toBe(401);
  });

  test('the management token does not open the codec', async () => {
    const response = await call(
      '/codec/decode',
      { payloads: [] },
      { authorization: 'Bearer test-admin-token-0123456789' },
    );

    expect(response.status).toBe(401);
  });

  test('a preflight from the UI origin is allowed, one from another origin is not', async () => {
    const ask = (origin: string) =>
      fetch(`${platform.url}/codec/decode`, { method: 'OPTIONS', headers: { origin } });

    const ui = await ask('http://localhost:8080');
    const other = await ask('https://evil.example');

    expect(ui.status).toBe(204);
    expect(ui.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    expect(ui.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a body that is not a list of payloads is refused with 422', async () => {
    const response = await call(
      '/codec/encode',
      { payloads: [{ data: 'not base64!' }] },
      withToken,
    );

    expect(response.status).toBe(422);
  });

  test('an encrypted payload that does not decrypt is refused with 422 naming it', async () => {
    const forged = {
      metadata: { encoding: base64('binary/encrypted'), 'encryption-key-id': base64('local1') },
      data: base64('x'.repeat(40)),
    };

    const response = await call('/codec/decode', { payloads: [plainPayload, forged] }, withToken);

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { details: [{ path: 'payloads.1', message: expect.stringContaining('local1') }] },
    });
  });

  test('a payload under a key that is not configured is refused with 422 naming the key', async () => {
    const other = {
      metadata: { encoding: base64('binary/encrypted'), 'encryption-key-id': base64('retired') },
      data: base64('x'.repeat(40)),
    };

    const response = await call('/codec/decode', { payloads: [other] }, withToken);

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { details: [{ path: 'payloads.0', message: expect.stringContaining('"retired"') }] },
    });
  });
});
