import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPostgres {
  /** A URL of the cluster's maintenance database, for creating test databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found: install them (apt-get install postgresql)',
    );
  }
  return path.join(root, versions[0]!, 'bin');
}

/** Runs a PostgreSQL tool as the `postgres` user when we are root (initdb refuses root). */
async function asPostgres(binDir: string, tool: string, args: string[]): Promise<void> {
  const binary = path.join(binDir, tool);
  if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', binary, ...args]);
  else await run(binary, args);
}

/**
 * Starts a throwaway PostgreSQL cluster on a loopback port, with trust authentication and no
 * fsync (its data is deleted at the end), for the run's PostgreSQL tests.
 * @throws when the server binaries are missing or the cluster does not start.
 */
export async function startTestPostgres(port: number): Promise<TestPostgres> {
  const binDir = findBinDir();
  const dir = await mkdtemp('/tmp/hookline-pg-');
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    await chown(dataDir, Number(stdout.trim()), Number(gid.trim()));
  }
  await asPostgres(binDir, 'initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
  ]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  await asPostgres(binDir, 'pg_ctl', [
    '-D',
    dataDir,
    '-o',
    options,
    '-w',
    '-l',
    path.join(dir, 'log'),
    'start',
  ]);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await asPostgres(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}
