import { createHmac } from 'node:crypto';
import { eventExamples } from '../../src/events/examples';

export interface Source {
  id: string;
  secret: string;
}

/** The body of a valid ORDER_CREATED for `shopId`, with an order of its own. */
export function orderCreated(orderId: string, shopId: string) {
  return {
    type: 'ORDER_CREATED',
    data: { order: { ...eventExamples.ORDER_CREATED.order, id: orderId, shopId } },
  };
}

/** A fresh, validly signed incoming ORDER_CREATED (Standard Webhooks, HMAC-SHA256). */
export function signedWebhook(source: Source, webhookId: string, shopId: string) {
  const body = JSON.stringify(orderCreated(`ord_${webhookId}`, shopId));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(source.secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key)
    .update(`${webhookId}.${timestamp}.${body}`)
    .digest('base64');
  const headers = {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
  return { body, headers };
}
