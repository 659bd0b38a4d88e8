import { performance } from 'node:perf_hooks';
import type { ArrivalRecorder } from '../arrivals';
import { inBatches } from '../load';
import type { Platform } from '../platform';
import { round, type Summary, summarize } from '../stats';
import { publish, subscribe } from './publish';

const BACKLOG_SHOP = 'shop_backlog';
const HEALTHY_SHOP = 'shop_healthy';

export interface BacklogParameters {
  subscriptions: number;
  eventsPerSubscription: number;
  probeRatePerSec: number;
  baselineProbes: number;
  /** The whole scenario's time: holding gets half of what is left after the set-up. */
  budgetMs: number;
  arrivalTimeoutMs: number;
}

export interface BacklogResult {
  planned: number;
  /** Held when the release began (the others had not made their first attempt yet). */
  held: number;
  /** From the first publish until every delivery was held (or the hold timeout). */
  holdSec: number;
  heldPerSec: number;
  /** Time the resume requests took (they signal every held delivery). */
  resumeSec: number;
  delivered: number;
  /** From the first resume request until every planned delivery arrived (or the timeout). */
  drainSec: number;
  drainPerSec: number;
  drained: boolean;
  healthyBaseline: Summary;
  healthyDuringDrain: Summary;
  healthyProbeErrors: number;
}

function heldCount(platform: Platform): number {
  const [row] = platform.query<{ n: number }>(
    `select count(*) as n from deliveries d join subscriptions s on s.id = d.subscription_id
     where s.shop_id = ? and d.status = 'held'`,
    BACKLOG_SHOP,
  );
  return row?.n ?? 0;
}

async function until(check: () => boolean, timeoutSec: number): Promise<boolean> {
  const deadline = Date.now() + timeoutSec * 1000;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

/**
 * A backlog of `subscriptions × eventsPerSubscription` deliveries held by paused
 * subscriptions on one host, then released by resuming them all, while a healthy subscription
 * of another shop on another host gets a paced stream of events whose latency is sampled.
 */
/**
 * Waits, within `timeoutSec`, until the app database has no delivery waiting for its first
 * attempt, so that the backlog does not queue behind what earlier scenarios left.
 */
async function settle(platform: Platform, timeoutSec: number): Promise<void> {
  await until(() => {
    const [row] = platform.query<{ n: number }>(
      "select count(*) as n from deliveries where status = 'pending'",
    );
    return (row?.n ?? 0) === 0;
  }, timeoutSec);
}

export async function measureBacklog(
  platform: Platform,
  backlogHost: ArrivalRecorder,
  healthyHost: ArrivalRecorder,
  p: BacklogParameters,
): Promise<BacklogResult> {
  const endAt = Date.now() + p.budgetMs;
  await settle(platform, p.budgetMs / 5000);
  const planned = p.subscriptions * p.eventsPerSubscription;
  const subscriptionIds = await inBatches(
    Array.from({ length: p.subscriptions }, (_, i) => i),
    10,
    (i) => subscribe(platform, `${backlogHost.url}/backlog/${i}`, BACKLOG_SHOP),
  );
  await inBatches(subscriptionIds, 10, (id) =>
    platform.api('POST', `/v1/subscriptions/${id}/pause`, undefined, 200),
  );
  await subscribe(platform, `${healthyHost.url}/healthy`, HEALTHY_SHOP);
  let probes = 0;
  const probe = async () => {
    const eventId = `evt_healthy_${probes++}`;
    const startedAt = await publish(platform, eventId, HEALTHY_SHOP);
    const timeoutMs = Math.max(1000, Math.min(p.arrivalTimeoutMs, endAt - Date.now()));
    return (await healthyHost.waitFor(eventId, timeoutMs)) - startedAt;
  };
  const healthyBaseline: number[] = [];
  for (let n = 0; n < p.baselineProbes; n += 1) healthyBaseline.push(await probe());

  console.log(`backlog: holding ${planned} deliveries`);
  const holdStart = performance.now();
  await inBatches(
    Array.from({ length: p.eventsPerSubscription }, (_, i) => i),
    10,
    (i) => publish(platform, `evt_backlog_${i}`, BACKLOG_SHOP),
  );
  await until(() => heldCount(platform) >= planned, (endAt - Date.now()) / 2000);
  const held = heldCount(platform);
  const holdSec = (performance.now() - holdStart) / 1000;

  console.log(`backlog: releasing ${held} held deliveries`);
  const during: number[] = [];
  let probeErrors = 0;
  let draining = true;
  const probing = (async () => {
    const calls: Promise<void>[] = [];
    while (draining) {
      calls.push(
        probe().then(
          (ms) => void during.push(ms),
          () => void (probeErrors += 1),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000 / p.probeRatePerSec));
    }
    await Promise.all(calls);
  })();
  const drainStart = performance.now();
  await inBatches(subscriptionIds, 10, (id) =>
    platform.api('POST', `/v1/subscriptions/${id}/resume`, undefined, 200),
  );
  const resumeSec = (performance.now() - drainStart) / 1000;
  // Every planned delivery counts, held yet or not: the backlog is drained when all arrived.
  const drained = await until(() => backlogHost.total >= planned, (endAt - Date.now()) / 1000);
  const drainSec = (performance.now() - drainStart) / 1000;
  draining = false;
  await probing;
  return {
    planned,
    held,
    holdSec: round(holdSec, 2),
    heldPerSec: round(held / holdSec),
    resumeSec: round(resumeSec, 2),
    delivered: backlogHost.total,
    drainSec: round(drainSec, 2),
    drainPerSec: round(backlogHost.total / drainSec),
    drained,
    healthyBaseline: summarize(healthyBaseline),
    healthyDuringDrain: summarize(during),
    healthyProbeErrors: probeErrors,
  };
}
