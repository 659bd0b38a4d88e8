import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { resolveTemporalCli } from './cli-path';

/** `npm run temporal:install`: finds or installs the Temporal CLI and prints where it is. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.log);
  const cli = await resolveTemporalCli(config.temporal.cliPath, logger);
  logger.info({ cli }, 'Temporal CLI ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
