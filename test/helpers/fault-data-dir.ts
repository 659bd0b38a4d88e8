import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * A folder for a fault case's SQLite files, in memory-backed storage where the machine has
 * some (`/dev/shm`). The files outlive every process the case kills, which is all the faults
 * need; they skip the wait for a disk at each commit (`synchronous = FULL`), which on a shared
 * machine limits a worker to a few dozen commits a second and so the size of a bounded run.
 */
export async function faultDataDir(
  name: string,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = existsSync('/dev/shm') ? '/dev/shm' : process.env.HOOKLINE_TEST_TMP!;
  const dir = await mkdtemp(path.join(root, `hookline-fault-${name}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
