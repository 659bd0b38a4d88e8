import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributeKeys } from '../contracts/search-attributes';
import type { Logger } from '../logger';
import type { TemporalCli } from './cli-path';

export interface DevServerOptions {
  cli: TemporalCli;
  port: number;
  /** undefined runs the server without its Web UI. */
  uiPort: number | undefined;
  /** undefined keeps everything in memory. */
  dbFile: string | undefined;
  namespace: string;
  logger: Logger;
  startTimeoutMs?: number;
  /** The codec endpoint the Web UI calls from the browser to show decrypted payloads. */
  uiCodecEndpoint?: string | undefined;
}

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  /** Stops the server and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

const SEARCH_ATTRIBUTE_TYPE_NAMES: Record<string, string> = {
  KEYWORD: 'Keyword',
  INT: 'Int',
  TEXT: 'Text',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  DOUBLE: 'Double',
  KEYWORD_LIST: 'KeywordList',
};

/**
 * The history file in write-ahead-log mode: a commit appends to the log and syncs it once,
 * instead of rewriting pages through a rollback journal with several syncs. `synchronous=FULL`
 * keeps the sync at every commit, so a start that Temporal acknowledged survives a power loss
 * too, as the app database's commits do.
 */
const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=full'];

/**
 * Dynamic configuration of the embedded server. Eager activity execution hands an activity
 * that a workflow task schedules straight back to the worker that completed the task, instead
 * of through the task queue; the activity is recorded in the history all the same. The new
 * matcher with fairness dispatches waiting tasks round-robin across their fairness keys (a
 * delivery's is its subscription) instead of first come first served; fairness holds within a
 * partition, so the task queue has one.
 */
const DYNAMIC_CONFIG = [
  'system.enableActivityEagerExecution=true',
  'matching.useNewMatcher=true',
  'matching.enableFairness=true',
  'matching.numTaskqueueReadPartitions=1',
  'matching.numTaskqueueWritePartitions=1',
];

function serverArgs(options: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  for (const value of DYNAMIC_CONFIG) args.push('--dynamic-config-value', value);
  args.push('--namespace', options.namespace, '--log-format', 'json', '--log-level', 'error');
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
  if (options.uiPort !== undefined && options.uiCodecEndpoint !== undefined) {
    args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  }
  if (options.dbFile !== undefined) {
    args.push('--db-filename', options.dbFile);
    for (const pragma of SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  for (const key of allSearchAttributeKeys) {
    args.push('--search-attribute', `${key.name}=${SEARCH_ATTRIBUTE_TYPE_NAMES[key.type]}`);
  }
  return args;
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the Temporal dev server exited early with code ${child.exitCode}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`the Temporal dev server did not answer within ${timeoutMs} ms`, {
    cause: lastError,
  });
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startFromCli(cliPath: string, options: DevServerOptions): Promise<DevServer> {
  if (options.dbFile !== undefined) {
    await mkdir(path.dirname(options.dbFile), { recursive: true });
  }
  const child = spawn(cliPath, serverArgs(options), { stdio: ['ignore', 'pipe', 'pipe'] });
  // The banner and status lines come on stdout; problems on stderr.
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.trim() !== '') options.logger.debug({ line }, 'temporal dev server output');
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.trim() !== '') options.logger.warn({ line }, 'temporal dev server error output');
  });
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilServing(address, child, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child, 2000);
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`,
    stop: () => stopChild(child, 10_000),
  };
}

async function startFromSdkDownload(options: DevServerOptions): Promise<DevServer> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFile,
      namespace: options.namespace,
      searchAttributes: allSearchAttributeKeys,
    },
  });
  let stopped: Promise<void> | undefined;
  return {
    address: env.address,
    uiUrl: options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`,
    stop: () => (stopped ??= env.teardown()),
  };
}

/**
 * Starts a Temporal dev server and resolves once it serves requests, with the namespace and
 * hookline's search attributes registered.
 * @throws when the server exits or does not answer within the start timeout.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  options.logger.info(
    // Not the codec endpoint: it holds the codec token.
    { port: options.port, uiPort: options.uiPort, dbFile: options.dbFile, cli: options.cli },
    'starting the Temporal dev server',
  );
  if (options.cli.kind === 'path') return startFromCli(options.cli.path, options);
  return startFromSdkDownload(options);
}
