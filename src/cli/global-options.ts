import { type Command, Option } from 'commander';

export interface GlobalOptions {
  url?: string | undefined;
  token?: string | undefined;
  json?: boolean | undefined;
}

type GlobalName = keyof GlobalOptions;

const globalOptionObjects = new WeakSet<Option>();

function globalOption(name: GlobalName): Option {
  switch (name) {
    case 'url':
      return new Option(
        '--url <url>',
        'management API base URL (env HOOKLINE_URL, default http://localhost:3000)',
      );
    case 'token':
      return new Option(
        '--token <token>',
        'bearer token, admin or named (env HOOKLINE_ADMIN_TOKEN, else <HOOKLINE_DATA_DIR or ./data>/admin-token)',
      );
    case 'json':
      return new Option('--json', "print the API's JSON instead of tables");
  }
}

/**
 * Adds the global options to a command. They are accepted before the command name and after
 * it; a command whose own option shares a name (`subscriptions create --url`) leaves that one
 * out, and the global one is then given before the command name.
 */
export function addGlobalOptions(command: Command, except: GlobalName[] = []): Command {
  for (const name of ['url', 'token', 'json'] as const) {
    if (except.includes(name)) continue;
    const option = globalOption(name);
    globalOptionObjects.add(option);
    command.addOption(option);
  }
  return command;
}

/** The global options in effect for a command: the nearest one given wins. */
export function globalOptionsOf(command: Command): GlobalOptions {
  const chain: Command[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) {
    chain.unshift(current);
  }
  const merged: GlobalOptions = {};
  for (const current of chain) {
    for (const option of current.options) {
      if (!globalOptionObjects.has(option)) continue;
      const name = option.attributeName() as GlobalName;
      const value: unknown = current.getOptionValue(name);
      if (value !== undefined) Object.assign(merged, { [name]: value });
    }
  }
  return merged;
}
