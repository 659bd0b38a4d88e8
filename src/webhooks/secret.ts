import { randomBytes } from 'node:crypto';

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

export interface RotatingSecret {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
}

/** The secrets valid now: the current one, and the previous one until it expires. */
export function liveSecrets(holder: RotatingSecret, now: Date): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = holder;
  if (previousSecret === null || previousSecretExpiresAt === null) return [secret];
  return previousSecretExpiresAt > now.toISOString() ? [secret, previousSecret] : [secret];
}

/** The columns that replace a secret while keeping the old one for {@link PREVIOUS_SECRET_TTL_MS}. */
export function rotatedSecretColumns(currentSecret: string, now: Date) {
  return {
    secret: newSecret(),
    previous_secret: currentSecret,
    previous_secret_expires_at: new Date(now.getTime() + PREVIOUS_SECRET_TTL_MS).toISOString(),
    updated_at: now.toISOString(),
  };
}
