import { createHmac } from 'node:crypto';

/**
 * The Standard Webhooks headers an external app sends, computed as any app would with
 * node:crypto alone: HMAC-SHA256 over `<id>.<timestamp>.<body>`, keyed with the bytes that
 * follow `whsec_` in the secret, base64-encoded.
 */
export function signedWebhookHeaders(
  secret: string,
  webhookId: string,
  timestampSec: number,
  body: string,
): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key)
    .update(`${webhookId}.${timestampSec}.${body}`)
    .digest('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': `v1,${signature}`,
  };
}
