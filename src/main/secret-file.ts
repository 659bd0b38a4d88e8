import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The text kept in `file`, or, when the file does not exist and `make` is given, a new value
 * written there readable by its owner only (mode 0600). The file is created exclusively, so
 * two processes starting at once end up with the one value that was written first.
 * Answers undefined when the file is missing and nothing may be made.
 */
export async function readOrCreateSecretFile(
  file: string,
  make: (() => string) | undefined,
): Promise<{ value: string; generated: boolean } | undefined> {
  const read = async () => {
    try {
      const stored = (await readFile(file, 'utf8')).trim();
      return stored === '' ? undefined : stored;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const stored = await read();
  if (stored !== undefined) return { value: stored, generated: false };
  if (make === undefined) return undefined;
  const value = make();
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await read();
    if (winner === undefined) throw error;
    return { value: winner, generated: false };
  }
  return { value, generated: true };
}
