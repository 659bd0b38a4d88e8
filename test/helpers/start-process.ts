import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ENTRIES = {
  start: path.resolve(__dirname, '../../dist/src/main/start.js'),
  api: path.resolve(__dirname, '../../dist/src/main/api.js'),
};

/** `npm start` or the API alone as a process of its own (the built entry point). */
export class StartProcess {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  private constructor(private readonly child: ChildProcess) {}

  static spawn(env: Record<string, string>, role: keyof typeof ENTRIES = 'start'): StartProcess {
    const entry = ENTRIES[role];
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH, LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new StartProcess(child);
    createInterface({ input: child.stdout! }).on('line', (line) => started.lines.push(line));
    createInterface({ input: child.stderr! }).on('line', (line) => started.stderr.push(line));
    return started;
  }

  /** Resolves with the parsed log line whose message is `msg`; rejects on exit or timeout. */
  waitForLog(msg: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const poll = () => {
        for (const line of this.lines) {
          if (!line.startsWith('{')) continue;
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry.msg === msg) return resolve(entry);
        }
        if (this.child.exitCode !== null) {
          return reject(new Error(`exited ${this.child.exitCode}: ${this.stderr.join('\n')}`));
        }
        if (Date.now() > deadline) return reject(new Error(`no "${msg}" within ${timeoutMs} ms`));
        setTimeout(poll, 100);
      };
      poll();
    });
  }

  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null> {
    // A process ended by a signal has no exit code, only a signal code.
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.resolve(this.child.exitCode);
    }
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Sends SIGTERM and resolves with the exit code. */
  async terminate(): Promise<number | null> {
    const exit = this.exited();
    this.child.kill('SIGTERM');
    return exit;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
