import { orderCreatedEvent, waitUntil } from './fixtures';
import type { TestPlatform } from './platform';

/** A portal link of the platform, as a path on the platform's own address. */
export async function portalLink(
  platform: TestPlatform,
  subscriptionId: string,
  expiresIn?: string,
): Promise<string> {
  const body = expiresIn === undefined ? {} : { expiresIn };
  const created = await platform.api(
    'POST',
    `/v1/subscriptions/${subscriptionId}/portal-links`,
    body,
  );
  if (created.status !== 201) throw new Error(`portal link refused: ${created.status}`);
  return `${platform.url}${new URL(created.body.url as string).pathname}`;
}

/** Subscribes `url` to ORDER_CREATED of a shop, publishes one, waits for the delivery's status. */
export async function deliveryInStatus(
  platform: TestPlatform,
  url: string,
  shopId: string,
  status: string,
  extra: Record<string, unknown> = {},
) {
  const created = await platform.api('POST', '/v1/subscriptions', {
    url,
    eventTypes: ['ORDER_CREATED'],
    shopId,
    ...extra,
  });
  const subscriptionId = created.body.id as string;
  await platform.api('POST', '/v1/events', orderCreatedEvent(shopId));
  const delivery = await waitUntil(async () => {
    const path = `/v1/subscriptions/${subscriptionId}/deliveries?status=${status}`;
    return (await platform.api('GET', path)).body.data[0] as { id: string } | undefined;
  });
  return { subscriptionId, deliveryId: delivery.id, secret: created.body.secret as string };
}
