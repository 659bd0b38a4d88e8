import { createServer, type IncomingMessage, type Server } from 'node:http';
import { verifyWebhook } from '../../webhooks/signature';

/** Standard Webhooks' tolerance for the timestamp of a delivery. */
const TOLERANCE_SEC = 5 * 60;
const MAX_BODY_BYTES = 1024 * 1024;

/** One webhook as the demo subscriber saw it and answered it. */
export interface ReceivedWebhook {
  webhookId: string;
  type: string;
  answeredStatus: number;
  /** Whether `webhook-signature` verified with the subscription's secret. */
  signatureValid: boolean;
  receivedAt: string;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function typeOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : '(no type)';
  } catch {
    return '(not JSON)';
  }
}

/**
 * The demo's example subscriber on a free loopback port. It verifies each webhook's signature
 * and answers 503 to the first `failuresBeforeSuccess` webhooks of `failingType`, so that the
 * demo shows a retry; everything else is answered 204.
 */
export class DemoSubscriber {
  readonly received: ReceivedWebhook[] = [];
  /** Set once the subscription exists; until then no signature can verify. */
  secret: string | undefined;
  private failuresLeft: number;

  private constructor(
    private readonly server: Server,
    readonly failingType: string,
    failuresBeforeSuccess: number,
  ) {
    this.failuresLeft = failuresBeforeSuccess;
  }

  static async start(options: {
    failingType: string;
    failuresBeforeSuccess: number;
  }): Promise<DemoSubscriber> {
    const server = createServer();
    const subscriber = new DemoSubscriber(
      server,
      options.failingType,
      options.failuresBeforeSuccess,
    );
    server.on('request', (req, res) => {
      readBody(req).then(
        (body) => {
          const status = subscriber.answer(req, body);
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(status === 503 ? 'the demo subscriber is busy; try again' : undefined);
        },
        () => {
          res.writeHead(400);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return subscriber;
  }

  get url(): string {
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}/webhooks`;
  }

  private answer(req: IncomingMessage, body: Buffer): number {
    const type = typeOf(body);
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(' ') : value;
    };
    const verdict = verifyWebhook({
      secrets: this.secret === undefined ? [] : [this.secret],
      headers: {
        'webhook-id': header('webhook-id'),
        'webhook-timestamp': header('webhook-timestamp'),
        'webhook-signature': header('webhook-signature'),
      },
      body,
      nowSec: Math.floor(Date.now() / 1000),
      toleranceSec: TOLERANCE_SEC,
    });
    const fail = type === this.failingType && this.failuresLeft > 0;
    if (fail) this.failuresLeft -= 1;
    const answeredStatus = fail ? 503 : 204;
    this.received.push({
      webhookId: header('webhook-id') ?? '',
      type,
      answeredStatus,
      signatureValid: verdict.ok,
      receivedAt: new Date().toISOString(),
    });
    return answeredStatus;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
