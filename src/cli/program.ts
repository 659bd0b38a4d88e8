import { Command } from 'commander';
import { type ActionFactory, actionFactory } from './command-context';
import { registerAuditCommand } from './commands/audit';
import { registerDeliveryCommands } from './commands/deliveries';
import { registerDemoCommand } from './commands/demo';
import { registerPortalLinkCommand } from './commands/portal-link';
import { registerSourceCommands } from './commands/sources';
import { registerSubscriptionCommands } from './commands/subscriptions';
import type { CliEnvironment } from './environment';
import { ExitCode, type ExitCodeValue, exitCodeHelp } from './exit-codes';
import { addGlobalOptions } from './global-options';
import type { CliIo } from './io';
import { reportError } from './report-error';
import { packageVersion } from '../version';

const GLOBAL_HELP = `
Global options go before or after the command name; the options given after it win.
Every list prints the API's page as JSON with --json, for scripts.`;

/** The whole command line, writing to `io`; nothing in it exits the process. */
function buildProgram(io: CliIo, action: ActionFactory): Command {
  const program = new Command('hookline')
    .description("operate hookline's webhooks through its management API")
    .version(packageVersion(), '-V, --version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(hookline --help shows the usage)');
  addGlobalOptions(program);
  program.addHelpText('after', GLOBAL_HELP);
  program.addHelpText('afterAll', exitCodeHelp);
  registerSubscriptionCommands(program, action);
  registerPortalLinkCommand(program, action);
  registerSourceCommands(program, action);
  registerDeliveryCommands(program, action);
  registerAuditCommand(program, action);
  registerDemoCommand(program, action);
  return program;
}

/**
 * Runs one command line (the arguments after `hookline`) and answers its exit code. Output
 * goes to `io` only, so tests run commands in-process.
 * @throws only what is none of the command line's own errors: a bug.
 */
export async function run(argv: string[], io: CliIo, env: CliEnvironment = {}): Promise<number> {
  let exitCode: ExitCodeValue = ExitCode.ok;
  const program = buildProgram(
    io,
    actionFactory(io, env, (code) => {
      exitCode = code;
    }),
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return reportError(error, io.stderr);
  }
  return exitCode;
}
