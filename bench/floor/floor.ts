import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { closedLoop, inBatches, type LoadResult, openLoop } from '../load';
import { type Summary, summarize } from '../stats';
import { performance } from 'node:perf_hooks';

const FLOOR_TASK_QUEUE = 'bench-floor';

export interface FloorParameters {
  concurrency: number;
  durationMs: number;
  latencySamples: number;
}

export interface FloorResult {
  /** Concurrent client starts of a workflow that does nothing. */
  starts: LoadResult;
  /**
   * The same starts at half the concurrent rate, paced: the answer time the ingest phases at
   * that rate are compared with.
   */
  startsAtHalfRate: LoadResult;
  /** Workflow + one no-op activity, started and awaited one at a time. */
  workflowWithActivityLatency: Summary;
  /** Workflow + one no-op activity, `concurrency` at a time: completions per second. */
  workflowWithActivity: LoadResult;
}

/** Starts the floor's worker process; resolves once it polls. */
async function startFloorWorker(address: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker.ts')], {
    env: { ...process.env, FLOOR_TEMPORAL_ADDRESS: address, FLOOR_TASK_QUEUE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => errors.push(line));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('floor worker running')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`floor worker exited ${code}: ${errors.join('\n')}`)),
    );
  });
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Temporal's floor on this machine, against the platform's own dev server: a bare worker in
 * a process of its own on its own task queue, and a client in this process. Stops its worker
 * before it resolves or throws.
 */
export async function measureFloor(address: string, p: FloorParameters): Promise<FloorResult> {
  const worker = await startFloorWorker(address);
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const run = `${Date.now()}`;
    const options = (kind: string, n: number) => ({
      taskQueue: FLOOR_TASK_QUEUE,
      workflowId: `floor-${kind}-${run}-${n}`,
    });
    // Warm-up: the worker's first tasks load the bundle into a context.
    for (let n = 0; n < 5; n += 1) {
      await client.workflow.execute('activityWorkflow', options('warmup', n));
    }
    console.log('floor: starts');
    const started: WorkflowHandle[] = [];
    const starts = await closedLoop(p.concurrency, p.durationMs, async (n) => {
      started.push(await client.workflow.start('bareWorkflow', options('start', n)));
    });
    // The next figures must not wait behind the bare workflows still queued.
    await inBatches(started, 50, (handle) => handle.result());
    console.log('floor: starts at half that rate');
    const paced: WorkflowHandle[] = [];
    const startsAtHalfRate = await openLoop(starts.perSec / 2, p.durationMs, async (n) => {
      paced.push(await client.workflow.start('bareWorkflow', options('paced', n)));
    });
    await inBatches(paced, 50, (handle) => handle.result());
    console.log('floor: workflow + activity, one at a time');
    const latencies: number[] = [];
    for (let n = 0; n < p.latencySamples; n += 1) {
      const started = performance.now();
      await client.workflow.execute('activityWorkflow', options('latency', n));
      latencies.push(performance.now() - started);
    }
    console.log('floor: workflow + activity, concurrently');
    const workflowWithActivity = await closedLoop(p.concurrency, p.durationMs, (n) =>
      client.workflow.execute('activityWorkflow', options('rate', n)),
    );
    return {
      starts,
      startsAtHalfRate,
      workflowWithActivityLatency: summarize(latencies),
      workflowWithActivity,
    };
  } finally {
    await connection.close();
    await stopChild(worker);
  }
}
