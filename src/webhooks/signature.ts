import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretKey } from './secret';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

function signOne(secret: string, content: string): string {
  return createHmac('sha256', secretKey(secret)).update(content).digest('base64');
}

/**
 * The Standard Webhooks headers for one attempt. With several secrets (during a rotation)
 * the signature header lists one `v1,` signature per secret, separated by spaces.
 */
export function signWebhook(
  secrets: string[],
  webhookId: string,
  timestampSec: number,
  body: string,
): SignedHeaders {
  const content = `${webhookId}.${timestampSec}.${body}`;
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': secrets.map((secret) => `v1,${signOne(secret, content)}`).join(' '),
  };
}

export type VerifyFailure = 'missing_headers' | 'bad_timestamp' | 'stale' | 'bad_signature';

/**
 * Checks Standard Webhooks headers over the raw body against any of the given secrets.
 * Answers the reason for a refusal; callers must not reveal it to the sender.
 */
export function verifyWebhook(options: {
  secrets: string[];
  headers: Partial<Record<keyof SignedHeaders, string | undefined>>;
  body: Buffer;
  nowSec: number;
  toleranceSec: number;
}): { ok: true } | { ok: false; reason: VerifyFailure } {
  const id = options.headers['webhook-id'];
  const timestamp = options.headers['webhook-timestamp'];
  const signatures = options.headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(options.nowSec - Number(timestamp)) > options.toleranceSec) {
    return { ok: false, reason: 'stale' };
  }
  const prefix = Buffer.from(`${id}.${timestamp}.`);
  const content = Buffer.concat([prefix, options.body]);
  const offered = signatures
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'));
  for (const secret of options.secrets) {
    const expected = createHmac('sha256', secretKey(secret)).update(content).digest();
    if (offered.some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected))) {
      return { ok: true };
    }
  }
  return { ok: false, reason: 'bad_signature' };
}
