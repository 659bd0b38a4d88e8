/** Where the command line writes: `process.stdout`/`stderr`, or a capture in tests. */
export interface OutputStream {
  write(text: string): unknown;
  /** True on a terminal; the progress bar draws only there. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborted on SIGINT: `tail` stops cleanly, other commands stop at their next request. */
  signal?: AbortSignal;
}
