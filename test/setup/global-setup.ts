import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { createLogger } from '../../src/logger';
import { resolveTemporalCli } from '../../src/temporal/cli-path';
import { startDevServer } from '../../src/temporal/dev-server';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';
import { freePort } from '../helpers/ports';
import { startTestPostgres } from './postgres';

/**
 * Starts one real Temporal dev server (in memory, no UI) for the whole run, from the same
 * CLI lookup that `npm start` uses, and builds the workflow bundle once for every worker.
 */
export default async function globalSetup(): Promise<void> {
  const logger = createLogger({ level: 'error', format: 'json' });
  const cli = await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, logger);
  const server = await startDevServer({
    cli,
    port: await freePort(),
    uiPort: undefined,
    dbFile: undefined,
    namespace: 'default',
    logger,
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'hookline-test-'));
  const bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: new DefaultLogger('WARN'),
  });
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  process.env.HOOKLINE_TEST_TEMPORAL_ADDRESS = server.address;
  if (cli.kind === 'path') process.env.HOOKLINE_TEST_TEMPORAL_CLI = cli.path;
  process.env.HOOKLINE_TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.HOOKLINE_TEST_TMP = dir;
  (globalThis as { hooklineDevServer?: typeof server }).hooklineDevServer = server;
  if (process.env.HOOKLINE_TEST_DATABASE === 'postgres') {
    const postgres = await startTestPostgres(await freePort());
    process.env.HOOKLINE_TEST_POSTGRES_URL = postgres.adminUrl;
    (globalThis as { hooklinePostgres?: typeof postgres }).hooklinePostgres = postgres;
  }
}
