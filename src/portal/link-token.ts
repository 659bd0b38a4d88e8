import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Why a portal token was refused; the page a subscriber sees depends on it. */
export type PortalTokenProblem = 'malformed' | 'bad_signature' | 'expired';

/** A portal token that does not open the portal. Carries no part of the token. */
export class PortalTokenError extends Error {
  constructor(readonly problem: PortalTokenProblem) {
    super(`portal token refused: ${problem}`);
    this.name = 'PortalTokenError';
  }
}

/** What a valid token grants: one subscription, until a moment. */
export interface PortalGrant {
  subscriptionId: string;
  expiresAt: Date;
}

const VERSION = 'p1';
const SUBSCRIPTION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const EXPIRY_SEC = /^[0-9]{1,12}$/;
const NONCE = /^[A-Za-z0-9_-]{12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function sign(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`hookline-portal.${payload}`).digest();
}

/**
 * A token for the portal of one subscription: `p1.<subscription id>.<expiry in unix
 * seconds>.<nonce>.<HMAC-SHA256 of the rest, base64url>`. Every part is URL-safe, so it goes
 * into a path as it is. The nonce makes two links of the same subscription and expiry differ.
 */
export function createPortalToken(key: string, grant: PortalGrant): string {
  if (!SUBSCRIPTION_ID.test(grant.subscriptionId)) {
    throw new Error('a portal token needs a subscription id of letters, digits, _ and -');
  }
  const expirySec = Math.floor(grant.expiresAt.getTime() / 1000);
  const nonce = randomBytes(9).toString('base64url');
  const payload = `${VERSION}.${grant.subscriptionId}.${expirySec}.${nonce}`;
  return `${payload}.${sign(key, payload).toString('base64url')}`;
}

/**
 * Checks a token's form, then its signature in constant time, then its expiry, in this
 * order, so a forged token learns nothing about expiry.
 * @throws PortalTokenError naming the first check that failed.
 */
export function verifyPortalToken(key: string, token: string, now: Date = new Date()): PortalGrant {
  const parts = token.split('.');
  if (parts.length !== 5) throw new PortalTokenError('malformed');
  const [version, subscriptionId, expiry, nonce, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const wellFormed =
    version === VERSION &&
    SUBSCRIPTION_ID.test(subscriptionId) &&
    EXPIRY_SEC.test(expiry) &&
    NONCE.test(nonce) &&
    SIGNATURE.test(signature);
  if (!wellFormed) throw new PortalTokenError('malformed');
  // Compared as text: base64url has several spellings of the last character's spare bits.
  const expected = Buffer.from(
    sign(key, `${version}.${subscriptionId}.${expiry}.${nonce}`).toString('base64url'),
  );
  const presented = Buffer.from(signature);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw new PortalTokenError('bad_signature');
  }
  const expiresAt = new Date(Number(expiry) * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw new PortalTokenError('expired');
  return { subscriptionId, expiresAt };
}
