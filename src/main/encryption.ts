import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type Config, ConfigError } from '../config';
import { type EncryptionKey, KeyRing, parseEncryptionKeys } from '../crypto/keys';
import { EncryptionCodec } from '../crypto/payload-codec';
import { SecretBox } from '../crypto/secret-box';
import type { Logger } from '../logger';
import { readOrCreateSecretFile } from './secret-file';

/** What every part that touches secrets or Temporal payloads encrypts and decrypts with. */
export interface Encryption {
  keys: KeyRing;
  /** Secrets in the app database. */
  secrets: SecretBox;
  /** The payload codec of every Temporal client and worker, and of the codec endpoint. */
  codec: EncryptionCodec;
  /** Bearer token of the codec endpoint; undefined turns the endpoint off. Never logged. */
  codecToken: string | undefined;
}

export const ENCRYPTION_KEY_FILE = 'encryption-key';

/**
 * The keys of `HOOKLINE_ENCRYPTION_KEYS`, else the one in `<data dir>/encryption-key`, and
 * the codec token of `HOOKLINE_CODEC_TOKEN`, else the one in `<data dir>/codec-token`.
 * With `mayGenerate` (the embedded default and test platforms) a missing file is created
 * with a new random value; an API or worker alone must not invent a key or token that its
 * peers lack, so without a key it does not start, and without a token its codec endpoint
 * is off.
 * @throws ConfigError when no key is configured and none may be generated, or the file is bad.
 */
export async function resolveEncryption(
  config: Config,
  logger: Logger,
  options: { mayGenerate: boolean },
): Promise<Encryption> {
  const keys = config.encryption.keys ?? (await keysFromFile(config.dataDir, logger, options));
  const ring = new KeyRing(keys);
  return {
    keys: ring,
    secrets: new SecretBox(ring),
    codec: new EncryptionCodec(ring, config.encryption.payloads),
    codecToken: await resolveCodecToken(config, logger, options),
  };
}

async function keysFromFile(
  dataDir: string,
  logger: Logger,
  options: { mayGenerate: boolean },
): Promise<EncryptionKey[]> {
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE);
  const make = () => `local1:${randomBytes(32).toString('base64')}`;
  const found = await readOrCreateSecretFile(file, options.mayGenerate ? make : undefined);
  if (found === undefined) {
    throw new ConfigError([
      {
        variable: 'HOOKLINE_ENCRYPTION_KEYS',
        message: `is required (the same on every API and worker) when ${file} does not exist`,
      },
    ]);
  }
  if (found.generated) logger.warn({ file }, 'generated an encryption key');
  const parsed = parseEncryptionKeys(found.value);
  if ('problem' in parsed) {
    throw new ConfigError([
      { variable: 'HOOKLINE_ENCRYPTION_KEYS', message: `${file} ${parsed.problem}` },
    ]);
  }
  return parsed;
}

export const CODEC_TOKEN_FILE = 'codec-token';

async function resolveCodecToken(
  config: Config,
  logger: Logger,
  options: { mayGenerate: boolean },
): Promise<string | undefined> {
  if (config.codecToken !== undefined) return config.codecToken;
  const file = path.join(config.dataDir, CODEC_TOKEN_FILE);
  const make = () => `hlc_${randomBytes(24).toString('base64url')}`;
  const found = await readOrCreateSecretFile(file, options.mayGenerate ? make : undefined);
  if (found === undefined) {
    logger.warn({ variable: 'HOOKLINE_CODEC_TOKEN' }, 'codec endpoint off: no codec token');
  } else if (found.generated) {
    logger.warn({ file }, 'generated a codec token');
  }
  return found?.value;
}
