import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { eventExamples } from '../../src/events/examples';
import type { ReceivedRequest } from './subscriber';

/** A valid ORDER_CREATED event for a new order of its own. */
export function orderCreatedEvent(shopId = 'shop_main') {
  const orderId = `ord_${randomUUID().slice(0, 8)}`;
  const order = { ...eventExamples.ORDER_CREATED.order, id: orderId, shopId };
  return { type: 'ORDER_CREATED' as const, data: { order } };
}

/** Polls `check` until it returns a value other than undefined; rejects after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Verifies a received request with the independent `standardwebhooks` library. */
export function verifyWithLibrary(secret: string, request: ReceivedRequest): unknown {
  const headers = {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(request.body, headers);
}

/**
 * The number of workflows on a task queue once Temporal's visibility has caught up: read
 * until two readings a second apart agree.
 */
export async function settledWorkflowCount(temporal: Client, taskQueue: string): Promise<number> {
  const count = async () => (await temporal.workflow.count(`TaskQueue = '${taskQueue}'`)).count;
  let previous = await count();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = await count();
    if (current === previous) return current;
    previous = current;
  }
}
