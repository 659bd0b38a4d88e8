import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

interface Waiter {
  count: number;
  resolve: (atMs: number) => void;
}

/**
 * A real subscriber on a loopback port that answers 200 at once and notes, on the
 * `performance.now()` clock, when copies of each `webhook-id` arrived. Several subscriptions
 * may point at it (under different paths); each arrival counts once per request.
 */
export class ArrivalRecorder {
  /** First arrival per webhook-id. */
  readonly firstAt = new Map<string, number>();
  /** Latest arrival and number of arrivals per webhook-id. */
  private readonly lastAt = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, Waiter[]>();
  total = 0;
  url = '';
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const now = performance.now();
        res.writeHead(200).end('ok');
        const id = req.headers['webhook-id'];
        if (typeof id !== 'string') return;
        this.total += 1;
        const count = (this.counts.get(id) ?? 0) + 1;
        this.counts.set(id, count);
        if (!this.firstAt.has(id)) this.firstAt.set(id, now);
        this.lastAt.set(id, now);
        const waiting = this.waiters.get(id) ?? [];
        for (const waiter of waiting.filter((w) => w.count <= count)) waiter.resolve(now);
        const left = waiting.filter((w) => w.count > count);
        if (left.length === 0) this.waiters.delete(id);
        else this.waiters.set(id, left);
      });
    });
    this.server.keepAliveTimeout = 60_000;
  }

  static async start(): Promise<ArrivalRecorder> {
    const recorder = new ArrivalRecorder();
    await new Promise<void>((resolve) => recorder.server.listen(0, '127.0.0.1', resolve));
    const { port } = recorder.server.address() as { port: number };
    recorder.url = `http://127.0.0.1:${port}`;
    return recorder;
  }

  countOf(webhookId: string): number {
    return this.counts.get(webhookId) ?? 0;
  }

  /**
   * Resolves with the time the `count`-th copy of `webhookId` arrived (the first by default).
   * @throws when it has not arrived within `timeoutMs`.
   */
  waitFor(webhookId: string, timeoutMs: number, count = 1): Promise<number> {
    if (this.countOf(webhookId) >= count) {
      return Promise.resolve(
        count === 1 ? this.firstAt.get(webhookId)! : this.lastAt.get(webhookId)!,
      );
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `${webhookId}: ${this.countOf(webhookId)} of ${count} arrivals within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        count,
        resolve: (atMs) => {
          clearTimeout(timer);
          resolve(atMs);
        },
      };
      this.waiters.set(webhookId, [...(this.waiters.get(webhookId) ?? []), waiter]);
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
