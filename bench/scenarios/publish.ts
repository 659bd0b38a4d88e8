import { performance } from 'node:perf_hooks';
import type { Platform } from '../platform';
import { orderCreated } from './requests';

/** Publishes one ORDER_CREATED for `shopId` through `POST /v1/events`; answers when it began. */
export async function publish(
  platform: Platform,
  eventId: string,
  shopId: string,
): Promise<number> {
  const startedAt = performance.now();
  await platform.api(
    'POST',
    '/v1/events',
    { id: eventId, ...orderCreated(`ord_${eventId}`, shopId) },
    202,
  );
  return startedAt;
}

/** Creates a subscription to ORDER_CREATED of `shopId` at `url`; answers its id. */
export async function subscribe(platform: Platform, url: string, shopId: string): Promise<string> {
  const created = await platform.api<{ id: string }>(
    'POST',
    '/v1/subscriptions',
    { url, eventTypes: ['ORDER_CREATED'], shopId },
    201,
  );
  return created.id;
}
