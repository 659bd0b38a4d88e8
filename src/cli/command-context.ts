import type { Command } from 'commander';
import { ApiClient } from './api-client';
import { resolveConnection } from './connection';
import type { CliEnvironment } from './environment';
import type { ExitCodeValue } from './exit-codes';
import { globalOptionsOf } from './global-options';
import type { CliIo } from './io';

/** What a command's handler works with. */
export interface CommandContext {
  io: CliIo;
  /** Print the API's JSON instead of tables and messages. */
  json: boolean;
  api: ApiClient;
}

/** A command's work; answers its exit code, or nothing for success. */
export type CommandHandler = (
  ctx: CommandContext,
  command: Command,
) => Promise<ExitCodeValue | void>;

/** Turns handlers into commander actions for one run of the command line. */
export type ActionFactory = (handler: CommandHandler) => (...args: unknown[]) => Promise<void>;

/**
 * The actions of one run: each resolves the connection when its command runs (so `--help`
 * needs no token), calls its handler and keeps the exit code the handler chose.
 */
export function actionFactory(
  io: CliIo,
  env: CliEnvironment,
  setExitCode: (code: ExitCodeValue) => void,
): ActionFactory {
  return (handler) =>
    async (...args) => {
      // commander passes the command itself as the last argument of every action
      const command = args.at(-1) as Command;
      const options = globalOptionsOf(command);
      const connection = await resolveConnection(options, env);
      const api = new ApiClient(connection.url, connection.token, io.signal);
      const code = await handler({ io, json: options.json === true, api }, command);
      if (code !== undefined) setExitCode(code);
    };
}

/** The command's positional argument at `index`; commander has checked that it is there. */
export function argumentOf(command: Command, index: number): string {
  return String(command.processedArgs[index]);
}
