import { createHmac, randomUUID } from 'node:crypto';
import { type Answer, fetchAnswer } from './fuzz-checks';
import type { TestPlatform } from './platform';

export interface SourceCredentials {
  id: string;
  secret: string;
}

export const INCOMING_TYPES = [
  'ORDER_CREATED',
  'ORDER_UPDATED',
  'PAYMENT_STATUS_UPDATED',
  'SHIPPING_STATUS_UPDATED',
];

/**
 * Standard Webhooks headers over raw bytes, which need not be UTF-8 text; the webhook-id is
 * signed as the receiver reads it, each character of the header one byte.
 */
export function signBytes(
  secret: string,
  body: Buffer,
  webhookId = `msg_${randomUUID()}`,
  at = new Date(),
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${webhookId}.${timestamp}.`), body]))
    .digest('base64');
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}

/** Creates a source through the management API that may send every incoming type. */
export async function createSource(
  platform: TestPlatform,
  shopId: string,
): Promise<SourceCredentials> {
  const created = await platform.api('POST', '/v1/sources', {
    name: `fuzzed app of ${shopId}`,
    shopId,
    eventTypes: INCOMING_TYPES,
  });
  expect(created.status).toBe(201);
  return created.body as SourceCredentials;
}

/** POSTs bytes to a source's receiver, signed over exactly those bytes, as JSON by default. */
export function postSigned(
  platform: TestPlatform,
  source: SourceCredentials,
  body: Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Answer> {
  return fetchAnswer(`${platform.url}/hooks/${source.id}`, {
    method: 'POST',
    headers: { ...signBytes(source.secret, body), ...headers },
    body,
  });
}
