import { createLogger } from '../../src/logger';
import { resolveTemporalCli } from '../../src/temporal/cli-path';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server';
import { orderCreatedEvent } from '../helpers/fixtures';
import { sendIncoming } from '../helpers/incoming';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { freePort } from '../helpers/ports';

describe('the receiver while Temporal is unreachable', () => {
  const logger = createLogger({ level: 'silent', format: 'json' });
  let port: number;
  let server: DevServer;
  let platform: TestPlatform;

  async function startServer(): Promise<DevServer> {
    const cli = await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, logger);
    return startDevServer({
      cli,
      port,
      uiPort: undefined,
      dbFile: undefined,
      namespace: 'default',
      logger,
    });
  }

  beforeAll(async () => {
    port = await freePort();
    server = await startServer();
    platform = await startPlatform({ TEMPORAL_ADDRESS: server.address }, { worker: false });
  });

  afterAll(async () => {
    await platform.stop();
    await server.stop();
  });

  test('answers 503 with Retry-After and records nothing; the same webhook sent again later is accepted', async () => {
    const created = await platform.api('POST', '/v1/sources', {
      name: 'payments',
      shopId: 'shop_u1',
      eventTypes: ['ORDER_CREATED'],
    });
    const source = created.body as { id: string; secret: string };
    const event = orderCreatedEvent('shop_u1');
    await server.stop();

    const refused = await sendIncoming(platform.url, source, event, { webhookId: 'msg_u1' });

    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const ledger = await platform.db.selectFrom('incoming_events').selectAll().execute();
    expect(ledger).toHaveLength(0);
    server = await startServer();
    const accepted = await sendIncoming(platform.url, source, event, { webhookId: 'msg_u1' });
    expect(accepted.status).toBe(202);
    expect(accepted.body.duplicate).toBe(false);
  });
});
