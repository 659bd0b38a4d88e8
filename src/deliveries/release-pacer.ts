import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger';

type Job = () => Promise<void>;

interface Queue {
  jobs: Job[];
  next: number;
}

/**
 * Runs release jobs (one signal to one held delivery each) at most `perSec` a second, taking
 * them round-robin across subscriptions, so that a subscription resumed with a short backlog
 * does not wait behind one resumed with a long one. Jobs are started at their turn and not
 * awaited; a failed job is logged. The pacing timers do not keep the process alive: a process
 * that stops leaves the rest held, and held deliveries look at their subscription again
 * within the hour on their own.
 */
export class ReleasePacer {
  private readonly queues = new Map<string, Queue>();
  private running = false;
  private stopped = false;

  constructor(
    private readonly perSec: number,
    private readonly logger: Logger,
  ) {}

  /** Queues the jobs of one subscription behind those it has queued already. */
  add(subscriptionId: string, jobs: Job[]): void {
    if (this.stopped || jobs.length === 0) return;
    const queue = this.queues.get(subscriptionId);
    if (queue === undefined) this.queues.set(subscriptionId, { jobs: [...jobs], next: 0 });
    else for (const job of jobs) queue.jobs.push(job);
    if (!this.running) {
      this.running = true;
      void this.run();
    }
  }

  /** Starts no more jobs; those queued are dropped. */
  stop(): void {
    this.stopped = true;
    this.queues.clear();
  }

  private async run(): Promise<void> {
    const intervalMs = 1000 / this.perSec;
    let dueAt = performance.now();
    while (this.queues.size > 0 && !this.stopped) {
      const waitMs = dueAt - performance.now();
      if (waitMs > 1) await sleep(waitMs, undefined, { ref: false });
      // The turn goes to the subscription first in the map, which then moves to its end.
      const first = this.queues.entries().next();
      if (first.done === true || this.stopped) break;
      const [subscriptionId, queue] = first.value;
      const job = queue.jobs[queue.next]!;
      queue.next += 1;
      this.queues.delete(subscriptionId);
      if (queue.next < queue.jobs.length) this.queues.set(subscriptionId, queue);
      dueAt = Math.max(dueAt, performance.now() - intervalMs) + intervalMs;
      job().catch((error: unknown) =>
        this.logger.warn({ err: error, subscriptionId }, 'a held delivery was not released'),
      );
    }
    this.running = false;
  }
}
