#!/usr/bin/env node
import { readEnvironment } from './environment';
import { ExitCode } from './exit-codes';
import { run } from './program';

/**
 * The `hookline` command. The first Ctrl-C asks the running command to stop (a tail ends,
 * the demo stops its subscriber); a second one ends the process at once.
 */
async function main(): Promise<number> {
  // A reader that goes away (`hookline ... | head`) is no error of the command's
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? ExitCode.ok);
  });
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(ExitCode.interrupted));
  });
  const io = { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal };
  return run(process.argv.slice(2), io, readEnvironment(process.env));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`hookline: unexpected error\n${text}\n`);
    process.exitCode = ExitCode.apiError;
  },
);
