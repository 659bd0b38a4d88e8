import type { ApiClient } from '../api-client';
import type { DeliveryWithAttempts, IncomingEvent, Page } from '../api-types';
import { InterruptedError } from '../errors';
import { sleep } from '../sleep';
import { incomingState } from './incoming';

const POLL_INTERVAL_MS = 500;
const FINISHED = ['delivered', 'failed', 'cancelled'];

/**
 * Polls until each expected event has a finished delivery, or the deadline passes. An
 * incoming event that hookline refused or found stale publishes nothing and is not waited for.
 */
export async function waitForDeliveries(
  api: ApiClient,
  subscriptionId: string,
  expected: string[],
  incomingEventId: string,
  deadlineMs: number,
  signal: AbortSignal | undefined,
) {
  let incoming: Pick<IncomingEvent, 'status' | 'reason'> = { status: 'accepted', reason: null };
  for (;;) {
    if (incoming.status !== 'published') incoming = await incomingState(api, incomingEventId);
    const awaited = ['rejected', 'stale'].includes(incoming.status)
      ? expected.filter((id) => id !== incomingEventId)
      : expected;
    const page = await api.get<Page<DeliveryWithAttempts>>(
      `/v1/subscriptions/${subscriptionId}/deliveries`,
      { limit: 200 },
    );
    const finished = (eventId: string) =>
      page.data.some((d) => d.eventId === eventId && FINISHED.includes(d.status));
    const delivered = (eventId: string) =>
      page.data.some((d) => d.eventId === eventId && d.status === 'delivered');
    if (awaited.every(finished) || Date.now() >= deadlineMs) {
      return { deliveries: page.data, incoming, complete: awaited.every(delivered) };
    }
    await sleep(POLL_INTERVAL_MS, signal);
    if (signal?.aborted) throw new InterruptedError();
  }
}
