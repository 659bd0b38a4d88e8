import type { Db } from '../../src/store/db';
import type { ReceivedRequest } from './subscriber';

export interface FaultTally {
  /** Events answered 2xx by hookline, each expected at the subscriber. */
  sent: number;
  /** Expected events that the subscriber received and answered 2xx at least once. */
  delivered: number;
  /** Expected events that the subscriber never answered 2xx: the bar is zero. */
  lost: number;
  /** 2xx answers beyond the first for one `webhook-id`. */
  duplicates: number;
  /** Up to ten lost event ids, for the failure message. */
  lostIds: string[];
}

function webhookId(request: ReceivedRequest): string {
  return String(request.headers['webhook-id']);
}

function isSuccess(request: ReceivedRequest): boolean {
  const status = request.answeredStatus ?? 0;
  return status >= 200 && status < 300;
}

/** The ids that the subscriber answered 2xx, with how many times each. */
export function successCounts(received: readonly ReceivedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of received.filter(isSuccess)) {
    const id = webhookId(request);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Compares what a fault case published with what its subscriber accepted, and prints one line
 * `fault=<case> sent=N delivered=N lost=N duplicates=N` plus any extra figures, so that every
 * run of the fault suite leaves its numbers in the test output.
 */
export function tallyDeliveries(
  faultCase: string,
  expectedIds: readonly string[],
  received: readonly ReceivedRequest[],
  extra: Record<string, number | string> = {},
): FaultTally {
  const counts = successCounts(received);
  const lostIds = expectedIds.filter((id) => !counts.has(id));
  const expected = new Set(expectedIds);
  let duplicates = 0;
  for (const [id, count] of counts) if (expected.has(id)) duplicates += count - 1;
  const tally: FaultTally = {
    sent: expectedIds.length,
    delivered: expectedIds.length - lostIds.length,
    lost: lostIds.length,
    duplicates,
    lostIds: lostIds.slice(0, 10),
  };
  const figures = { ...extra, requests: received.length };
  const line = [
    `fault=${faultCase}`,
    `sent=${tally.sent}`,
    `delivered=${tally.delivered}`,
    `lost=${tally.lost}`,
    `duplicates=${tally.duplicates}`,
    ...Object.entries(figures).map(([key, value]) => `${key}=${value}`),
  ].join(' ');
  process.stdout.write(`${line}\n`);
  return tally;
}

/** Resolves once the subscriber has answered 2xx for every id; rejects with the count after. */
export async function waitForAllDelivered(
  received: readonly ReceivedRequest[],
  expectedIds: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = successCounts(received);
    const missing = expectedIds.filter((id) => !counts.has(id)).length;
    if (missing === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${missing} of ${expectedIds.length} events not delivered in ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Resolves with the number of deliveries the app database does not record as delivered, once
 * it is zero or `timeoutMs` has passed: the subscriber's 2xx comes a moment before the worker
 * writes it down.
 */
export async function waitForDeliveredRows(db: Db, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '!=', 'delivered')
      .executeTakeFirstOrThrow();
    const undelivered = Number(row.count);
    if (undelivered === 0 || Date.now() > deadline) return undelivered;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
