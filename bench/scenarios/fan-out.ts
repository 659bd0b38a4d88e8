import { performance } from 'node:perf_hooks';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { ArrivalRecorder } from '../arrivals';
import { inBatches } from '../load';
import type { Platform } from '../platform';
import { round } from '../stats';
import { publish, subscribe } from './publish';

export interface FanOutParameters {
  sizes: number[];
  /** The whole scenario's time; a size that does not finish within it is reported as partial. */
  budgetMs: number;
}

export interface FanOutRow {
  subscribers: number;
  /** Deliveries that arrived; fewer than `subscribers` when the budget ran out. */
  arrived: number;
  /** From the publish request until the last subscriber had the webhook. */
  lastDeliverySec: number;
  deliveriesPerSec: number;
  /** Events and bytes in the event workflow's history. */
  historyEvents: number;
  historyBytes: number | null;
}

/**
 * One event to `size` subscriptions of a shop of its own, all on one subscriber host (one
 * path each), for each size in turn. The subscriptions are made before the clock starts.
 */
export async function measureFanOut(
  platform: Platform,
  subscriber: ArrivalRecorder,
  p: FanOutParameters,
): Promise<FanOutRow[]> {
  const connection = await Connection.connect({ address: platform.temporalAddress });
  try {
    const client = new Client({ connection });
    const rows: FanOutRow[] = [];
    const endAt = Date.now() + p.budgetMs;
    for (const size of p.sizes) {
      if (endAt - Date.now() < 5000) break;
      const shopId = `shop_fan${size}`;
      console.log(`fan-out: ${size} subscribers`);
      const indexes = Array.from({ length: size }, (_, i) => i);
      await inBatches(indexes, 10, (i) =>
        subscribe(platform, `${subscriber.url}/fan${size}/${i}`, shopId),
      );
      const eventId = `evt_fan_${size}`;
      const startedAt = await publish(platform, eventId, shopId);
      const lastAt = await subscriber
        .waitFor(eventId, endAt - Date.now(), size)
        .catch(() => performance.now());
      const handle = client.workflow.getHandle(`event:${eventId}`);
      // Polled by describe(), which needs no payload: the platform encrypts every result.
      const described = await closedOrAfter(handle, 5000);
      const seconds = (lastAt - startedAt) / 1000;
      const arrived = subscriber.countOf(eventId);
      rows.push({
        subscribers: size,
        arrived,
        lastDeliverySec: round(seconds, 2),
        deliveriesPerSec: round(arrived / seconds),
        historyEvents: described.historyLength,
        historyBytes: described.historySize ?? null,
      });
    }
    return rows;
  } finally {
    await connection.close();
  }
}

/** The workflow's description once it has closed, or as it is after `waitMs`. */
async function closedOrAfter(handle: WorkflowHandle, waitMs: number) {
  const until = Date.now() + waitMs;
  for (;;) {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING' || Date.now() > until) return described;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
