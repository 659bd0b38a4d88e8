import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliEnvironment } from './environment';
import { UsageError } from './errors';

export const DEFAULT_API_URL = 'http://localhost:3000';
export const DEFAULT_DATA_DIR = './data';

export interface Connection {
  url: string;
  token: string;
}

/** The base URL without a trailing slash. @throws UsageError unless it is http(s). */
function apiUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url "${text}" is not a URL like ${DEFAULT_API_URL}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url "${text}" must use http or https.`);
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * The token from `--token`, else `HOOKLINE_ADMIN_TOKEN`, else the file that a locally started
 * hookline writes at its first start.
 * @throws UsageError when none of the three has one.
 */
async function adminToken(option: string | undefined, env: CliEnvironment): Promise<string> {
  const given = option ?? env.adminToken;
  if (given !== undefined) return given;
  const file = path.join(env.dataDir ?? DEFAULT_DATA_DIR, 'admin-token');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored !== '') return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  throw new UsageError(
    `No admin token: pass --token, set HOOKLINE_ADMIN_TOKEN, or run where ${file} exists.`,
  );
}

/** Where the API is and how to authenticate, from the options first, then the environment. */
export async function resolveConnection(
  options: { url?: string | undefined; token?: string | undefined },
  env: CliEnvironment,
): Promise<Connection> {
  const url = apiUrl(options.url ?? env.url ?? DEFAULT_API_URL);
  return { url, token: await adminToken(options.token, env) };
}
