import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Config } from '../../src/config';

const WORKER_ENTRY = path.resolve(__dirname, '../../dist/src/main/worker.js');

/** A worker in a process of its own (the built `npm run start:worker`), which a test can kill. */
export class WorkerProcess {
  /** Every line the worker logged, for tests that check which worker did what. */
  readonly lines: string[] = [];

  private constructor(private readonly child: ChildProcess) {}

  /** Starts the worker against the platform's cluster, queue and database; resolves when it polls. */
  static async start(
    config: Config,
    extraEnv: Record<string, string> = {},
  ): Promise<WorkerProcess> {
    if (!existsSync(WORKER_ENTRY)) throw new Error(`${WORKER_ENTRY} is missing: run npm run build`);
    const child = spawn(process.execPath, [WORKER_ENTRY], {
      env: {
        PATH: process.env.PATH,
        TEMPORAL_ADDRESS: config.temporal.address,
        TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
        HOOKLINE_DATA_DIR: config.dataDir,
        ...(config.databaseUrl === undefined ? {} : { DATABASE_URL: config.databaseUrl }),
        HOOKLINE_ALLOWED_HOSTS: config.delivery.allowedHosts.join(','),
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the worker did not start in 30 s')), 30_000);
      child.once('exit', (code) => reject(new Error(`the worker exited with code ${code}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        worker.lines.push(line);
        if (line.includes('"worker started"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.resume();
    });
    return worker;
  }

  /** Kills the process at once, as a crash or an OOM kill would. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
