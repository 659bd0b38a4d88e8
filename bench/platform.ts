import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';

const run = promisify(execFile);

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';
/** `npm start`'s entry point, as `npm run build` makes it. */
export const START_ENTRY = path.resolve(__dirname, '../dist/src/main/start.js');

/** A loopback port that was free a moment ago (the usual bind-to-0-and-release race). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** What `<cli> --version` prints, e.g. `temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)`. */
export async function temporalCliVersion(cliPath: string): Promise<string> {
  const { stdout } = await run(cliPath, ['--version'], { timeout: 10_000 });
  return stdout.trim();
}

/** The process ids of the direct children of `pid` (the dev server of `npm start`). */
async function childPids(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({
    stdout: '',
  }));
  return stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((value) => Number.isInteger(value) && value > 0);
}

export interface PlatformOptions {
  cliPath: string;
  /** The built start.js to run: this checkout's, or another build's for an A/B comparison. */
  entry: string;
  /** Extra configuration variables for the platform process. */
  env: Record<string, string>;
  /** Node.js flags for the platform process, e.g. `--cpu-prof`. */
  nodeArgs: string[];
  startTimeoutMs: number;
}

/**
 * hookline as `npm start` runs it, in a process of its own: `node dist/src/main/start.js`
 * with an embedded Temporal dev server (its history in a SQLite file), the app database in a
 * temporary data folder, the worker and the HTTP API. The harness talks to it over loopback
 * only, and reads the app database file read-only for timestamps.
 */
export class Platform {
  readonly logTail: string[] = [];
  devServerPid: number | undefined;
  private appDb: SQLite.Database | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly dataDir: string,
    readonly url: string,
    readonly temporalAddress: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /**
   * Starts the platform and resolves once it logged `hookline is running`.
   * @throws when it exits first or does not get there within the start timeout.
   */
  static async start(options: PlatformOptions): Promise<Platform> {
    if (!existsSync(options.entry))
      throw new Error(`${options.entry} is missing: run npm run build`);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hookline-bench-'));
    const [port, temporalPort, uiPort] = [
      await freeLoopbackPort(),
      await freeLoopbackPort(),
      await freeLoopbackPort(),
    ];
    const child = spawn(process.execPath, [...options.nodeArgs, options.entry], {
      cwd: dataDir,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOOKLINE_HOST: '127.0.0.1',
        HOOKLINE_DATA_DIR: dataDir,
        HOOKLINE_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
        HOOKLINE_ALLOWED_HOSTS: '127.0.0.1',
        TEMPORAL_DEV_SERVER_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        TEMPORAL_CLI_PATH: options.cliPath,
        LOG_FORMAT: 'json',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const platform = new Platform(
      child,
      dataDir,
      `http://127.0.0.1:${port}`,
      `127.0.0.1:${temporalPort}`,
    );
    const running = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the platform did not start within ${options.startTimeoutMs} ms`)),
        options.startTimeoutMs,
      );
      const onLine = (line: string) => {
        platform.keep(line);
        if (line.includes('"hookline is running"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      createInterface({ input: child.stdout! }).on('line', onLine);
      createInterface({ input: child.stderr! }).on('line', (line) => platform.keep(line));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the platform exited with ${code}:\n${platform.logTail.join('\n')}`));
      });
    });
    try {
      await running;
    } catch (error) {
      await platform.stop();
      throw error;
    }
    platform.devServerPid = (await childPids(platform.pid))[0];
    return platform;
  }

  private keep(line: string): void {
    this.logTail.push(line);
    if (this.logTail.length > 50) this.logTail.shift();
  }

  /** Calls the management API with the admin token; throws on any status but `expected`. */
  async api<T>(method: string, apiPath: string, body: unknown, expected: number): Promise<T> {
    const response = await fetch(`${this.url}${apiPath}`, {
      method,
      headers: {
        authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expected) {
      throw new Error(`${method} ${apiPath} answered ${response.status}: ${text}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** The app database, opened read-only (it is in WAL mode, so the platform is not blocked). */
  query<T>(sql: string, ...params: unknown[]): T[] {
    this.appDb ??= new SQLite(path.join(this.dataDir, 'hookline.db'), {
      readonly: true,
      fileMustExist: true,
    });
    return this.appDb.prepare(sql).all(...params) as T[];
  }

  /**
   * Stops the platform with SIGTERM (it drains its worker and stops its dev server), with
   * SIGKILL after `graceMs`, then removes the data folder. Safe to call twice.
   */
  async stop(graceMs = 30_000): Promise<void> {
    this.appDb?.close();
    this.appDb = undefined;
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const killer = setTimeout(() => {
          child.kill('SIGKILL');
          if (this.devServerPid !== undefined) killQuietly(this.devServerPid);
        }, graceMs);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
