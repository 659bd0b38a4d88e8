import autocannon from 'autocannon';
import { BENCH_ADMIN_TOKEN, type Platform } from '../platform';
import { round } from '../stats';
import { orderCreated, type Source, signedWebhook } from './requests';

const SHOP_ID = 'shop_ingest';

export interface IngestParameters {
  durationSec: number;
  /** The fixed rate; the harness uses half the floor's start rate. */
  fixedRatePerSec: number;
  fixedConnections: number;
  maxConnections: number;
  drainTimeoutSec: number;
}

export interface IngestPhase {
  door: 'webhooks' | 'events';
  load: string;
  requests: number;
  acceptedPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Accepted ones whose workflow had finished its work when the drain wait ended. */
  processed: number;
  /** From the end of the load until every accepted one was processed, or null. */
  drainedAfterSec: number | null;
}

type Door = IngestPhase['door'];

/** How many of the phase's events were fully taken in (rows written by their workflows). */
function processedCount(platform: Platform, door: Door, prefix: string): number {
  const [row] =
    door === 'webhooks'
      ? platform.query<{ n: number }>(
          `select count(*) as n from incoming_events where webhook_id like ? and status in
           ('published', 'stale', 'rejected')`,
          `${prefix}-%`,
        )
      : platform.query<{ n: number }>(
          'select count(*) as n from events where id like ?',
          `evt_${prefix}_%`,
        );
  return row?.n ?? 0;
}

async function waitForDrain(
  platform: Platform,
  door: Door,
  prefix: string,
  expected: number,
  timeoutSec: number,
) {
  const started = Date.now();
  for (;;) {
    const processed = processedCount(platform, door, prefix);
    if (processed >= expected)
      return { processed, drainedAfterSec: round((Date.now() - started) / 1000) };
    if (Date.now() - started > timeoutSec * 1000) return { processed, drainedAfterSec: null };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function runPhase(
  platform: Platform,
  source: Source,
  door: Door,
  rate: number | undefined,
  p: IngestParameters,
): Promise<IngestPhase> {
  const prefix = `${door}${rate ?? 'max'}`;
  let counter = 0;
  const load = rate === undefined ? 'max' : `${rate}/s`;
  console.log(`ingest: ${door} at ${load} for ${p.durationSec} s`);
  const request =
    door === 'webhooks'
      ? () => {
          const signed = signedWebhook(source, `${prefix}-${counter++}`, SHOP_ID);
          return { body: signed.body, headers: signed.headers };
        }
      : () => {
          const id = `evt_${prefix}_${counter++}`;
          const body = JSON.stringify({ id, ...orderCreated(`ord_${id}`, SHOP_ID) });
          return {
            body,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
            },
          };
        };
  const result = await autocannon({
    url: door === 'webhooks' ? `${platform.url}/hooks/${source.id}` : `${platform.url}/v1/events`,
    method: 'POST',
    connections: rate === undefined ? p.maxConnections : p.fixedConnections,
    duration: p.durationSec,
    timeout: 10,
    // autocannon corrects for coordinated omission with an interval of ceil(1 / rate) ms,
    // adding a synthetic sample per millisecond of each answer; turned off so that the
    // percentiles are those of real answers.
    ...(rate === undefined ? {} : { overallRate: rate, ignoreCoordinatedOmission: true }),
    requests: [{ method: 'POST', setupRequest: (r) => ({ ...r, ...request() }) }],
  });
  const accepted = result['2xx'];
  const drain = await waitForDrain(platform, door, prefix, accepted, p.drainTimeoutSec);
  return {
    door,
    load,
    requests: result.requests.total,
    acceptedPerSec: round(accepted / p.durationSec),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    processed: drain.processed,
    drainedAfterSec: drain.drainedAfterSec,
  };
}

/**
 * Signed incoming webhooks and `POST /v1/events` from autocannon in this process, at a fixed
 * rate and then without a limit, each phase followed by a wait until its workflows have
 * finished, so that the next phase measures alone.
 */
export async function measureIngest(
  platform: Platform,
  p: IngestParameters,
): Promise<IngestPhase[]> {
  const source = await platform.api<Source>(
    'POST',
    '/v1/sources',
    { name: 'bench', shopId: SHOP_ID, eventTypes: ['ORDER_CREATED'] },
    201,
  );
  const phases: IngestPhase[] = [];
  for (const door of ['webhooks', 'events'] as const) {
    for (const rate of [p.fixedRatePerSec, undefined]) {
      phases.push(await runPhase(platform, source, door, rate, p));
    }
  }
  return phases;
}
