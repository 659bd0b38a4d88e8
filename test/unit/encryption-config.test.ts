import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import {
  CODEC_TOKEN_FILE,
  ENCRYPTION_KEY_FILE,
  resolveEncryption,
} from '../../src/main/encryption';

const logger = createLogger({ level: 'silent', format: 'json' });
const configIn = (dataDir: string, env: Record<string, string> = {}) =>
  loadConfig({ HOOKLINE_DATA_DIR: dataDir, ...env });

describe('resolveEncryption', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hookline-keys-'));
  });

  test('the embedded default generates a key and a codec token readable by the owner only', async () => {
    const keyFile = path.join(dataDir, ENCRYPTION_KEY_FILE);

    const encryption = await resolveEncryption(configIn(dataDir), logger, { mayGenerate: true });

    expect(encryption.keys.primary.id).toBe('local1');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dataDir, CODEC_TOKEN_FILE))).mode & 0o777).toBe(0o600);
    expect(await readFile(keyFile, 'utf8')).toMatch(/^local1:[A-Za-z0-9+/]{43}=\n$/);
  });

  test('a second start reads the key and token the first one generated', async () => {
    const first = await resolveEncryption(configIn(dataDir), logger, { mayGenerate: true });

    const second = await resolveEncryption(configIn(dataDir), logger, { mayGenerate: true });

    expect(second.keys.primary.key.equals(first.keys.primary.key)).toBe(true);
    expect(second.codecToken).toBe(first.codecToken);
  });

  test('an API or worker alone without keys or a key file does not start', async () => {
    const start = resolveEncryption(configIn(dataDir), logger, { mayGenerate: false });

    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow('HOOKLINE_ENCRYPTION_KEYS: is required');
  });

  test('an API or worker alone reads a key file that exists, and has no codec token', async () => {
    const key = `k9:${Buffer.alloc(32, 1).toString('base64')}`;
    await writeFile(path.join(dataDir, ENCRYPTION_KEY_FILE), `${key}\n`);

    const encryption = await resolveEncryption(configIn(dataDir), logger, { mayGenerate: false });

    expect(encryption.keys.primary.id).toBe('k9');
    expect(encryption.codecToken).toBeUndefined();
  });

  test('configured keys and token win over the files, and nothing is generated', async () => {
    const env = {
      HOOKLINE_ENCRYPTION_KEYS: `k2:${Buffer.alloc(32, 2).toString('base64')}`,
      HOOKLINE_CODEC_TOKEN: 'codec-token-from-env-0123',
    };

    const encryption = await resolveEncryption(configIn(dataDir, env), logger, {
      mayGenerate: true,
    });

    expect(encryption.keys.primary.id).toBe('k2');
    expect(encryption.codecToken).toBe('codec-token-from-env-0123');
    await expect(stat(path.join(dataDir, ENCRYPTION_KEY_FILE))).rejects.toThrow('ENOENT');
  });
});
