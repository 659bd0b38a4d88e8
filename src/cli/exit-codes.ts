/** The exit status of every command; scripts rely on these numbers. */
export const ExitCode = {
  ok: 0,
  apiError: 1,
  usage: 2,
  unreachable: 3,
  notFound: 4,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit codes as `--help` shows them. */
export const exitCodeHelp = `
Exit codes:
  0    success
  1    the API answered an error (its message and each bad field are printed), or a
       command's work did not all succeed (a replay with failures, a demo that timed out)
  2    usage error: unknown command or option, bad argument, no admin token
  3    the API could not be reached
  4    not found (the API answered 404)
  130  interrupted (Ctrl-C) before the command finished`;
