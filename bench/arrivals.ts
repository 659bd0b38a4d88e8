import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * A real subscriber on a loopback port that answers 200 at once and notes, on the
 * `performance.now()` clock, when the first copy of each `webhook-id` arrived.
 */
export class ArrivalRecorder {
  /** First arrival per webhook-id. */
  readonly arrivedAt = new Map<string, number>();
  /** Copies of a webhook-id seen before (at-least-once delivery may repeat one). */
  repeats = 0;
  url = '';
  private readonly waiters = new Map<string, () => void>();
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const now = performance.now();
        res.writeHead(200).end('ok');
        const id = req.headers['webhook-id'];
        if (typeof id !== 'string') return;
        if (this.arrivedAt.has(id)) {
          this.repeats += 1;
          return;
        }
        this.arrivedAt.set(id, now);
        this.waiters.get(id)?.();
        this.waiters.delete(id);
      });
    });
  }

  static async start(): Promise<ArrivalRecorder> {
    const recorder = new ArrivalRecorder();
    await new Promise<void>((resolve) => recorder.server.listen(0, '127.0.0.1', resolve));
    const { port } = recorder.server.address() as { port: number };
    recorder.url = `http://127.0.0.1:${port}/hook`;
    return recorder;
  }

  /**
   * Resolves with the arrival time of `webhookId`.
   * @throws when it has not arrived within `timeoutMs`.
   */
  waitFor(webhookId: string, timeoutMs: number): Promise<number> {
    const known = this.arrivedAt.get(webhookId);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(webhookId);
        reject(new Error(`${webhookId} did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(webhookId, () => {
        clearTimeout(timer);
        resolve(this.arrivedAt.get(webhookId)!);
      });
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
