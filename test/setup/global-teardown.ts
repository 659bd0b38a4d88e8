import { rm } from 'node:fs/promises';
import type { DevServer } from '../../src/temporal/dev-server';
import type { TestPostgres } from './postgres';

/** Stops the dev server of the run and removes its temporary files. */
export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { hooklineDevServer?: DevServer }).hooklineDevServer;
  await server?.stop();
  const postgres = (globalThis as { hooklinePostgres?: TestPostgres }).hooklinePostgres;
  await postgres?.stop();
  const dir = process.env.HOOKLINE_TEST_TMP;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}
