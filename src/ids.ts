import { createHash, randomBytes } from 'node:crypto';

/**
 * A new id that sorts by creation time: the prefix, the time in base 36, then 16 random hex
 * digits, e.g. `sub_mfx3k2a1c9d84f0b7e6a1f2c3`.
 */
export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return `${prefix}_${time}${randomBytes(8).toString('hex')}`;
}

/** The id of the delivery of one event to one subscription: the same inputs, the same id. */
export function deliveryId(eventId: string, subscriptionId: string): string {
  const digest = createHash('sha256').update(`${eventId}\n${subscriptionId}`).digest('hex');
  return `dlv_${digest.slice(0, 24)}`;
}

/** The event id of an incoming webhook: one per source and `webhook-id`, whoever computes it. */
export function incomingEventId(sourceId: string, webhookId: string): string {
  const digest = createHash('sha256').update(`${sourceId}\n${webhookId}`).digest('hex');
  return `evt_${digest.slice(0, 32)}`;
}
