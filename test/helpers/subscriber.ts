import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** The status this subscriber decided to answer (it may never be sent if it waits). */
  answeredStatus?: number;
}

/** Decides the answer to the n-th request (0-based); 200 when it returns nothing. */
export type Responder = (
  request: ReceivedRequest,
  index: number,
) =>
  | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
  | undefined;

/** A real HTTP subscriber on a loopback port that records every request it gets. */
export class TestSubscriber {
  readonly received: ReceivedRequest[] = [];
  url = '';
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;

  private constructor(public respond: Responder) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: ReceivedRequest = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        const index = this.received.length;
        this.received.push(request);
        const answer = this.respond(request, index) ?? { status: 200 };
        request.answeredStatus = answer.status;
        const reply = () => {
          res.writeHead(answer.status, answer.headers ?? {});
          res.end(answer.body ?? 'ok');
        };
        this.notify();
        if (answer.delayMs === undefined) return reply();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          reply();
        }, answer.delayMs);
        this.timers.add(timer);
      });
    });
  }

  static async start(
    respond: Responder = () => undefined,
    options: { port?: number; path?: string } = {},
  ): Promise<TestSubscriber> {
    const subscriber = new TestSubscriber(respond);
    await new Promise<void>((resolve) =>
      subscriber.server.listen(options.port ?? 0, '127.0.0.1', resolve),
    );
    const { port } = subscriber.server.address() as { port: number };
    subscriber.url = `http://127.0.0.1:${port}${options.path ?? '/hook'}`;
    return subscriber;
  }

  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 30_000): Promise<ReceivedRequest[]> {
    if (this.received.length >= count) return Promise.resolve(this.received);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`got ${this.received.length} of ${count} requests`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.received);
        },
      });
    });
  }

  private notify(): void {
    const ready = this.waiters.filter((w) => this.received.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.received.length < w.count);
    for (const waiter of ready) waiter.resolve();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
