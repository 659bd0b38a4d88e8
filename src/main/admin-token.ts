import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The management API's bearer token: `HOOKLINE_ADMIN_TOKEN` when set, else the one generated
 * at the first start and kept in the data folder (readable by its owner only).
 */
export async function resolveAdminToken(
  configured: string | undefined,
  dataDir: string,
): Promise<{ token: string; generated: boolean }> {
  if (configured !== undefined) return { token: configured, generated: false };
  const file = path.join(dataDir, 'admin-token');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return { token: stored, generated: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = `hl_${randomBytes(24).toString('base64url')}`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, generated: true };
}

/**
 * Shows a newly generated token once to the person at the terminal. Never written to a
 * log: when the output is not a terminal, only the file's path is logged.
 */
export function showGeneratedToken(token: string, dataDir: string): void {
  if (!process.stdout.isTTY) return;
  process.stdout.write(
    `\nManagement API token: ${token}\n(saved in ${path.join(dataDir, 'admin-token')})\n\n`,
  );
}
