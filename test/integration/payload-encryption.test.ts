import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { createLogger } from '../../src/logger';
import { resolveTemporalCli } from '../../src/temporal/cli-path';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server';
import { orderCreatedEvent } from '../helpers/fixtures';
import { startPlatform, TEST_CODEC_TOKEN, type TestPlatform } from '../helpers/platform';
import { freePort } from '../helpers/ports';
import { TestSubscriber } from '../helpers/subscriber';

type RawPayload = temporal.api.common.v1.IPayload;

const base64 = (bytes: Uint8Array | null | undefined) =>
  Buffer.from(bytes ?? []).toString('base64');
const toJson = (payload: RawPayload) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, base64(value)]),
  ),
  data: base64(payload.data),
});
const encodingOf = (payload: RawPayload | null | undefined) =>
  Buffer.from(payload?.metadata?.encoding ?? []).toString('utf8');

/**
 * A Temporal dev server of this file's own, keeping its history in a SQLite file, with one
 * platform that encrypts payloads and one that does not: the file must hold the customer
 * email of the second and not the first.
 */
describe('payloads in Temporal', () => {
  let dir: string;
  let server: DevServer;
  let encrypted: TestPlatform;
  let plain: TestPlatform;
  let subscriber: TestSubscriber;
  let raw: Client;
  let connection: Connection;

  /** Publishes an order with this customer email and waits until the subscriber has it. */
  async function publishAndDeliver(platform: TestPlatform, shopId: string, email: string) {
    await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId,
    });
    const event = orderCreatedEvent(shopId);
    event.data.order.customer = { ...event.data.order.customer, email };
    const published = await platform.api('POST', '/v1/events', event);
    const eventId = published.body.eventId as string;
    await subscriber.waitFor(subscriber.received.length + 1);
    const [delivered] = subscriber.received.filter((r) => r.headers['webhook-id'] === eventId);
    expect(delivered?.body).toContain(email);
    return eventId;
  }

  /**
   * Every file of the dev server's database (the file itself and any -journal, -wal or -shm
   * beside it), as one buffer. A rollback journal exists only during a transaction: one that
   * is gone by the time it is read has been committed to the file itself.
   */
  async function historyBytes(): Promise<Buffer> {
    const files = (await readdir(dir)).filter((name) => name.startsWith('temporal.db'));
    const read = (name: string) =>
      readFile(path.join(dir, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' && name !== 'temporal.db') return Buffer.alloc(0);
        throw error;
      });
    return Buffer.concat(await Promise.all(files.map(read)));
  }

  async function startedEvent(eventId: string) {
    const history = await raw.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: `event:${eventId}` },
    });
    return history.history!.events![0]!;
  }

  beforeAll(async () => {
    const logger = createLogger({ level: 'error', format: 'json' });
    dir = await mkdtemp(path.join(process.env.HOOKLINE_TEST_TMP!, 'history-'));
    const cli = await resolveTemporalCli(process.env.HOOKLINE_TEST_TEMPORAL_CLI, logger);
    server = await startDevServer({
      cli,
      port: await freePort(),
      uiPort: undefined,
      dbFile: path.join(dir, 'temporal.db'),
      namespace: 'default',
      logger,
    });
    encrypted = await startPlatform({ TEMPORAL_ADDRESS: server.address });
    plain = await startPlatform({
      TEMPORAL_ADDRESS: server.address,
      HOOKLINE_PAYLOAD_ENCRYPTION: 'off',
    });
    subscriber = await TestSubscriber.start();
    // A client without hookline's codec sees what the server stores.
    connection = await Connection.connect({ address: server.address });
    raw = new Client({ connection });
  });

  afterAll(async () => {
    await connection.close();
    await subscriber.stop();
    await plain.stop();
    await encrypted.stop();
    await server.stop();
  });

  test('with encryption on the history file holds no customer email; with it off it does', async () => {
    const secretEmail = `enc-${randomUUID()}@example.com`;
    const plainEmail = `plain-${randomUUID()}@example.com`;
    await publishAndDeliver(encrypted, 'shop_enc', secretEmail);
    // Written after the first, so its presence shows that the first one reached the file too.
    await publishAndDeliver(plain, 'shop_plain', plainEmail);

    const bytes = await historyBytes();

    expect(bytes.includes(plainEmail)).toBe(true);
    expect(bytes.includes(secretEmail)).toBe(false);
  });

  test('the workflow input and its summary are stored encrypted, naming the key', async () => {
    const eventId = await publishAndDeliver(encrypted, 'shop_enc_2', 'b@example.com');

    const started = await startedEvent(eventId);
    const input = started.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;

    expect(encodingOf(input)).toBe('binary/encrypted');
    expect(Buffer.from(input.metadata!['encryption-key-id']!).toString()).toBe('local1');
    expect(encodingOf(started.userMetadata?.summary)).toBe('binary/encrypted');
  });

  test('the codec endpoint decodes a payload from that history back to the email', async () => {
    const email = `codec-${randomUUID()}@example.com`;
    const eventId = await publishAndDeliver(encrypted, 'shop_enc_3', email);
    const started = await startedEvent(eventId);
    const input = started.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;

    const response = await fetch(`${encrypted.url}/codec/${TEST_CODEC_TOKEN}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [toJson(input)] }),
    });
    const decoded = (await response.json()) as { payloads: { metadata: any; data: string }[] };

    expect(response.status).toBe(200);
    expect(Buffer.from(decoded.payloads[0]!.metadata.encoding, 'base64').toString()).toBe(
      'json/plain',
    );
    expect(Buffer.from(decoded.payloads[0]!.data, 'base64').toString()).toContain(email);
  });

  test('the codec endpoint refuses that payload without its token or with a wrong one', async () => {
    const eventId = await publishAndDeliver(encrypted, 'shop_enc_4', 'd@example.com');
    const input = (await startedEvent(eventId)).workflowExecutionStartedEventAttributes!.input!
      .payloads![0]!;
    const decode = (url: string, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ payloads: [toJson(input)] }),
      });

    const missing = await decode(`${encrypted.url}/codec/decode`);
    const wrong = await decode(`${encrypted.url}/codec/decode`, {
      authorization: 'Bearer not-the-codec-token-123',
    });

    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
  });
});
