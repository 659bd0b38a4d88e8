import { CommanderError } from 'commander';
import { ApiError, InterruptedError, UnreachableError, UsageError } from './errors';
import { ExitCode, type ExitCodeValue } from './exit-codes';
import type { OutputStream } from './io';

/** The API's message, then each refused field as `path: message`. */
export function printApiError(out: OutputStream, error: ApiError): void {
  out.write(`error: ${error.message}\n`);
  for (const detail of error.details) out.write(`  ${detail.path}: ${detail.message}\n`);
}

/**
 * The one place where errors become exit codes and messages on stderr.
 * @throws the error itself when it is none of the command line's own: a bug, shown in full
 *   by the entry point.
 */
export function reportError(error: unknown, stderr: OutputStream): ExitCodeValue {
  if (error instanceof CommanderError) {
    // commander has printed the help, the version or its own message already
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof UsageError) {
    stderr.write(`error: ${error.message}\n`);
    return ExitCode.usage;
  }
  if (error instanceof ApiError) {
    printApiError(stderr, error);
    if (error.code === 'insufficient_scope') {
      stderr.write('  pass a token whose scope allows this with --token or HOOKLINE_ADMIN_TOKEN\n');
    }
    return error.status === 404 ? ExitCode.notFound : ExitCode.apiError;
  }
  if (error instanceof UnreachableError) {
    stderr.write(`error: ${error.message}\n`);
    return ExitCode.unreachable;
  }
  if (error instanceof InterruptedError) {
    stderr.write(`${error.message}\n`);
    return ExitCode.interrupted;
  }
  throw error;
}
