import { startPlatform, type TestPlatform } from '../helpers/platform';

describe('the codec endpoint of the Temporal UI', () => {
  let platform: TestPlatform;
  const payload = { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'eyJhIjoxfQ==' };

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform.stop();
  });

  test('decode answers the payloads it was given, in the remote codec format', async () => {
    const response = await fetch(`${platform.url}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [payload] }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ payloads: [payload] });
  });

  test('a preflight from the UI origin is allowed, one from another origin is not', async () => {
    const ask = (origin: string) =>
      fetch(`${platform.url}/codec/decode`, { method: 'OPTIONS', headers: { origin } });

    const ui = await ask('http://localhost:8080');
    const other = await ask('https://evil.example');

    expect(ui.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a body that is not a list of payloads is refused with 422', async () => {
    const response = await fetch(`${platform.url}/codec/encode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payloads: [{ data: 'not base64!' }] }),
    });

    expect(response.status).toBe(422);
  });
});
