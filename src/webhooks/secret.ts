import { randomBytes } from 'node:crypto';
import type { SealedSecret, SecretBox } from '../crypto/secret-box';

export const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and base64 of 32 random bytes (Standard Webhooks). */
export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The key bytes of a `whsec_` secret. */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/** How long a replaced secret stays valid after a rotation. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;

/** A secret and its predecessor as the database holds them: encrypted. */
export interface RotatingSecret {
  secret: SealedSecret;
  previousSecret: SealedSecret | null;
  previousSecretExpiresAt: string | null;
}

/**
 * The secrets valid now, decrypted: the current one, and the previous one until it expires.
 * An expired previous secret is not decrypted at all.
 * @throws what {@link SecretBox.open} throws, for a secret stored under an unknown key.
 */
export function liveSecrets(holder: RotatingSecret, now: Date, box: SecretBox): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = holder;
  const live =
    previousSecret === null ||
    previousSecretExpiresAt === null ||
    previousSecretExpiresAt <= now.toISOString()
      ? [secret]
      : [secret, previousSecret];
  return live.map((sealed) => box.open(sealed));
}

/**
 * The columns that replace a secret with `newSealed`, keeping the current one (moved as it is
 * stored, without decrypting it) for {@link PREVIOUS_SECRET_TTL_MS}.
 */
export function rotatedSecretColumns(
  currentSealed: SealedSecret,
  newSealed: SealedSecret,
  now: Date,
) {
  return {
    secret: newSealed,
    previous_secret: currentSealed,
    previous_secret_expires_at: new Date(now.getTime() + PREVIOUS_SECRET_TTL_MS).toISOString(),
    updated_at: now.toISOString(),
  };
}
