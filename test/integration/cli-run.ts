import type { CliEnvironment } from '../../src/cli/environment';
import type { OutputStream } from '../../src/cli/io';
import { run } from '../../src/cli/program';
import { TEST_ADMIN_TOKEN, type TestPlatform } from '../helpers/platform';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture implements OutputStream {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/**
 * Runs `hookline <args>` in-process with captured output. `tty` makes stderr claim to be a
 * terminal, where the progress bar draws.
 */
export async function runCli(
  args: string[],
  options: { env?: CliEnvironment; tty?: boolean; signal?: AbortSignal } = {},
): Promise<CliResult> {
  const stdout = new Capture(false);
  const stderr = new Capture(options.tty === true);
  const code = await run(args, { stdout, stderr, signal: options.signal }, options.env ?? {});
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The global options that point the command line at a test platform. */
export const against = (platform: TestPlatform) => [
  '--url',
  platform.url,
  '--token',
  TEST_ADMIN_TOKEN,
];
