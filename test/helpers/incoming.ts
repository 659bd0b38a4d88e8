import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** Signs a body as an external app would, with the independent Standard Webhooks library. */
export function signedHeaders(
  secret: string,
  body: string,
  options: { webhookId?: string; at?: Date } = {},
): Record<string, string> {
  const webhookId = options.webhookId ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
  };
}

/** POSTs a signed incoming webhook and answers the status and parsed body. */
export async function sendIncoming(
  baseUrl: string,
  source: { id: string; secret: string },
  payload: unknown,
  options: { webhookId?: string; at?: Date; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const response = await fetch(`${baseUrl}/hooks/${source.id}`, {
    method: 'POST',
    headers: { ...signedHeaders(source.secret, body, options), ...options.headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? undefined : JSON.parse(text),
    headers: response.headers,
  };
}
