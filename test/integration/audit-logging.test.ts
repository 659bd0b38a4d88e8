import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../../src/http/app';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { contextOf } from '../helpers/routes-app';
import { callWith } from '../helpers/token-api';

const OPS_TOKEN = 'ops-token-0123456789abcdef';

/** The platform's app, served apart with a logger whose lines the test reads. */
async function appWithCapturedLog(platform: TestPlatform, lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const app = createApp(contextOf(platform, pino({ level: 'info' }, sink)));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

describe('the log of management changes', () => {
  let platform: TestPlatform;
  let server: Server;
  let url: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    platform = await startPlatform(
      { HOOKLINE_API_TOKENS: `ops:write:${OPS_TOKEN}` },
      { worker: false },
    );
    ({ server, url } = await appWithCapturedLog(platform, lines));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await platform.stop();
  });

  test('each change is logged with its actor and action, and neither secret nor token is', async () => {
    const created = await callWith(url, OPS_TOKEN, 'POST', '/v1/sources', {
      name: 'Accounting',
      shopId: 'shop_logged',
      eventTypes: ['ORDER_CREATED'],
    });
    const rotated = await callWith(
      url,
      OPS_TOKEN,
      'POST',
      `/v1/sources/${created.body.id}/rotate-secret`,
    );

    const changes = lines.filter((line) => line.msg === 'management change');
    const everything = JSON.stringify(lines);

    expect([created.status, rotated.status]).toEqual([201, 200]);
    expect(
      changes.map((line) => [line.actor, line.action, line.resourceId, line.requestId]),
    ).toEqual([
      ['ops', 'source.created', created.body.id, created.headers.get('x-request-id')],
      ['ops', 'source.secret_rotated', created.body.id, rotated.headers.get('x-request-id')],
    ]);
    expect(everything).not.toContain(created.body.secret);
    expect(everything).not.toContain(rotated.body.secret);
    expect(everything).not.toContain(OPS_TOKEN);
  });
});
