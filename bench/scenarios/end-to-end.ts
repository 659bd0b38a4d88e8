import { performance } from 'node:perf_hooks';
import type { ArrivalRecorder } from '../arrivals';
import { closedLoop, openLoop } from '../load';
import type { Platform } from '../platform';
import { type Stages, stageBreakdown, type Timed } from '../stages';
import { round, type Summary, summarize } from '../stats';
import { publish, subscribe } from './publish';

const SHOP_ID = 'shop_e2e';

export interface EndToEndParameters {
  warmupEvents: number;
  lowLoadEvents: number;
  saturationConcurrency: number;
  saturationSec: number;
  /** The saturation phase stops publishing after this many events, even within its time. */
  saturationMaxEvents: number;
  /** The paced phase runs at this share of the measured saturation rate. */
  nearSaturationShare: number;
  arrivalTimeoutMs: number;
}

export interface EndToEndResult {
  lowLoad: { latency: Summary; stages: Stages };
  saturation: {
    published: number;
    deliveriesPerSec: number;
    latency: Summary;
    lastArrivalSec: number;
  };
  nearSaturation: {
    ratePerSec: number;
    published: number;
    latency: Summary;
    publishErrors: number;
  };
}

/**
 * One subscription on a real subscriber: events one at a time (each awaited at the
 * subscriber), then as many as `saturationConcurrency` publishers get accepted for
 * `saturationSec` (deliveries per second from the first publish to the last arrival), then a
 * paced load at a share of that rate (latency near saturation).
 */
export async function measureEndToEnd(
  platform: Platform,
  subscriber: ArrivalRecorder,
  p: EndToEndParameters,
): Promise<EndToEndResult> {
  await subscribe(platform, `${subscriber.url}/e2e`, SHOP_ID);
  const oneAtATime = async (prefix: string, count: number) => {
    const timed: Timed[] = [];
    for (let n = 0; n < count; n += 1) {
      const eventId = `evt_${prefix}_${n}`;
      const startedAt = await publish(platform, eventId, SHOP_ID);
      const arrivedAt = await subscriber.waitFor(eventId, p.arrivalTimeoutMs);
      timed.push({ eventId, startedAt, arrivedAt });
    }
    return timed;
  };
  console.log('end to end: one at a time');
  await oneAtATime('e2ewarm', p.warmupEvents);
  const low = await oneAtATime('e2elow', p.lowLoadEvents);
  const lowLoad = {
    latency: summarize(low.map((t) => t.arrivedAt - t.startedAt)),
    stages: await stageBreakdown(platform, low),
  };

  console.log('end to end: saturation');
  const sent: { eventId: string; startedAt: number }[] = [];
  const burstStart = performance.now();
  await closedLoop(
    p.saturationConcurrency,
    p.saturationSec * 1000,
    async (n) => {
      const eventId = `evt_e2esat_${n}`;
      sent.push({ eventId, startedAt: await publish(platform, eventId, SHOP_ID) });
    },
    p.saturationMaxEvents,
  );
  const arrivals = await Promise.all(
    sent.map((s) => subscriber.waitFor(s.eventId, p.arrivalTimeoutMs * 4)),
  );
  const lastArrivalSec = (Math.max(...arrivals) - burstStart) / 1000;
  const deliveriesPerSec = sent.length / lastArrivalSec;
  const saturation = {
    published: sent.length,
    deliveriesPerSec: round(deliveriesPerSec),
    latency: summarize(sent.map((s, i) => arrivals[i]! - s.startedAt)),
    lastArrivalSec: round(lastArrivalSec, 2),
  };

  const ratePerSec = round(Math.max(1, deliveriesPerSec * p.nearSaturationShare));
  console.log(`end to end: paced at ${ratePerSec}/s`);
  const latencies: number[] = [];
  const paced = await openLoop(ratePerSec, p.saturationSec * 1000, async (n) => {
    const eventId = `evt_e2enear_${n}`;
    const startedAt = await publish(platform, eventId, SHOP_ID);
    const arrivedAt = await subscriber.waitFor(eventId, p.arrivalTimeoutMs * 4);
    latencies.push(arrivedAt - startedAt);
  });
  return {
    lowLoad,
    saturation,
    nearSaturation: {
      ratePerSec,
      published: paced.done + paced.errors,
      latency: summarize(latencies),
      publishErrors: paced.errors,
    },
  };
}
