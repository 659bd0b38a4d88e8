import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The shortest key accepted from the file, as from `HOOKLINE_PORTAL_KEY`. */
const MIN_KEY_LENGTH = 32;

/**
 * The key that signs portal links: `HOOKLINE_PORTAL_KEY` when set, else the one generated at
 * the first start and kept in `<dataDir>/portal-key` (readable by its owner only). Every API
 * replica must use the same key, or a link made by one is refused by another; replicas that
 * share no data folder therefore need the variable.
 */
export async function resolvePortalKey(
  configured: string | undefined,
  dataDir: string,
): Promise<{ key: string; generated: boolean }> {
  if (configured !== undefined) return { key: configured, generated: false };
  const file = path.join(dataDir, 'portal-key');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= MIN_KEY_LENGTH) return { key: stored, generated: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}
