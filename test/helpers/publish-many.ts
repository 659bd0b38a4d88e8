import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_TOKEN } from './platform';
import { orderCreatedEvent } from './fixtures';

/** An ORDER_CREATED event with an id of the caller's, so that a resend is idempotent. */
export function identifiedOrderEvent(shopId: string) {
  return { id: `evt_${randomUUID().replaceAll('-', '')}`, ...orderCreatedEvent(shopId) };
}

export interface PublishOutcome {
  eventId: string;
  /** The HTTP status, or null when the request was cut (connection refused or reset). */
  status: number | null;
  duplicate?: boolean;
  /** Why a cut request failed: `ECONNREFUSED` (no API listening), `ECONNRESET`, ... */
  errorCode?: string;
}

/**
 * POSTs events to `/v1/events` with at most `concurrency` requests in flight, in order, and
 * answers each outcome. A cut request is an outcome, not an error: fault cases count them.
 * @param onAnswer called after each answer, e.g. to kill the API at the n-th 202
 */
export async function publishMany(
  baseUrl: () => string,
  events: readonly { id: string }[],
  concurrency: number,
  onAnswer: (outcome: PublishOutcome, answered: number) => void = () => undefined,
): Promise<PublishOutcome[]> {
  const outcomes: PublishOutcome[] = new Array(events.length);
  let next = 0;
  let answered = 0;
  const lane = async () => {
    while (next < events.length) {
      const index = next;
      next += 1;
      const event = events[index]!;
      let outcome: PublishOutcome;
      try {
        const response = await fetch(`${baseUrl()}/v1/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(event),
        });
        const body = (await response.json()) as { duplicate?: boolean };
        outcome = { eventId: event.id, status: response.status, duplicate: body.duplicate };
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        outcome = { eventId: event.id, status: null, errorCode: cause?.code ?? 'unknown' };
      }
      outcomes[index] = outcome;
      answered += 1;
      onAnswer(outcome, answered);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return outcomes;
}

/** The ids of the outcomes answered 202. */
export function acceptedIds(outcomes: readonly PublishOutcome[]): string[] {
  return outcomes.filter((o) => o.status === 202).map((o) => o.eventId);
}
