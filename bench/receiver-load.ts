import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { eventExamples } from '../src/events/examples';
import type { Db } from '../src/store/db';
import { positiveNumber } from './args';
import { describeMachine } from './machine';
import type { BenchPlatform } from './platform';
import { type Table, writeResult } from './report';
import { runBench } from './run-bench';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    rate: { type: 'string', default: '100' },
    connections: { type: 'string', default: '10' },
    'max-duration': { type: 'string', default: '10' },
    'max-connections': { type: 'string', default: '20' },
    'drain-timeout-s': { type: 'string', default: '60' },
    'settle-timeout-s': { type: 'string', default: '180' },
  },
});

const SHOP_ID = 'shop_bench';
const FINAL_STATUSES = ['published', 'stale', 'rejected'];

const parameters = {
  steadyDurationSec: positiveNumber('duration', args.duration),
  steadyOverallRatePerSec: positiveNumber('rate', args.rate),
  steadyConnections: positiveNumber('connections', args.connections),
  maxDurationSec: positiveNumber('max-duration', args['max-duration']),
  maxConnections: positiveNumber('max-connections', args['max-connections']),
  drainTimeoutSec: positiveNumber('drain-timeout-s', args['drain-timeout-s']),
  settleTimeoutSec: positiveNumber('settle-timeout-s', args['settle-timeout-s']),
  sourceRateLimitPerSec: 100_000,
  shopId: SHOP_ID,
  eventType: 'ORDER_CREATED',
  subscriptions: 0,
  pipelining: 1,
  requestTimeoutSec: 10,
};

interface Source {
  id: string;
  secret: string;
}

interface Phase {
  label: string;
  /** Every webhook-id of the phase starts with `<prefix>-`. */
  prefix: string;
  durationSec: number;
  connections: number;
  overallRate: number | undefined;
}

/** A fresh, validly signed incoming ORDER_CREATED (Standard Webhooks, HMAC-SHA256). */
function signedRequest(source: Source, webhookId: string) {
  const order = { ...eventExamples.ORDER_CREATED.order, id: `ord_${webhookId}`, shopId: SHOP_ID };
  const body = JSON.stringify({ type: 'ORDER_CREATED', data: { order } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(source.secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key)
    .update(`${webhookId}.${timestamp}.${body}`)
    .digest('base64');
  const headers = {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
  return { body, headers };
}

async function countByStatus(db: Db, prefix: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('incoming_events')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .where('webhook_id', 'like', `${prefix}-%`)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/**
 * Polls until at least `expected` events of the phase are final and none is still on its
 * way, or the drain timeout passes.
 */
async function waitForDrain(db: Db, prefix: string, expected: number, timeoutSec: number) {
  const startedAt = Date.now();
  const deadline = startedAt + timeoutSec * 1000;
  for (;;) {
    const statuses = await countByStatus(db, prefix);
    const counts = Object.entries(statuses);
    const final = counts.filter(([status]) => FINAL_STATUSES.includes(status));
    const finalCount = final.reduce((sum, [, count]) => sum + count, 0);
    const drained = finalCount >= expected && final.length === counts.length;
    if (drained || Date.now() > deadline) {
      return { statuses, drained, drainSeconds: (Date.now() - startedAt) / 1000 };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function runPhase(platform: BenchPlatform, source: Source, phase: Phase) {
  let counter = 0;
  const rate = phase.overallRate === undefined ? 'no limit' : `${phase.overallRate} req/s`;
  console.log(`${phase.label}: ${phase.durationSec} s, ${phase.connections} connections, ${rate}`);
  const result = await autocannon({
    url: `${platform.url}/hooks/${source.id}`,
    method: 'POST',
    connections: phase.connections,
    pipelining: parameters.pipelining,
    duration: phase.durationSec,
    timeout: parameters.requestTimeoutSec,
    // autocannon 8.0.0 corrects for coordinated omission with an interval of ceil(1 / rate)
    // milliseconds (1 ms here), which adds a synthetic sample for every millisecond of each
    // answer; the correction is turned off so that the percentiles are of real answers.
    ...(phase.overallRate === undefined
      ? {}
      : { overallRate: phase.overallRate, ignoreCoordinatedOmission: true }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const signed = signedRequest(source, `${phase.prefix}-${counter}`);
          counter += 1;
          return { ...request, body: signed.body, headers: signed.headers };
        },
      },
    ],
  });
  const accepted = result['2xx'];
  console.log(`${phase.label}: ${accepted} accepted; waiting for the incoming workflows`);
  const drain = await waitForDrain(platform.db, phase.prefix, accepted, parameters.drainTimeoutSec);
  // The next phase starts only once this one's backlog is gone, so that it measures alone.
  const settled = drain.drained
    ? drain
    : await waitForDrain(platform.db, phase.prefix, accepted, parameters.settleTimeoutSec);
  const settledAfterSec = drain.drainSeconds + (drain.drained ? 0 : settled.drainSeconds);
  return {
    phase: phase.label,
    durationSec: phase.durationSec,
    connections: phase.connections,
    overallRate: phase.overallRate ?? null,
    requestsTotal: result.requests.total,
    requestsPerSec: result.requests.average,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      p99_9: result.latency.p99_9,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    answered2xx: accepted,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
    ),
    errors: result.errors,
    timeouts: result.timeouts,
    incomingRows: Object.values(drain.statuses).reduce((sum, count) => sum + count, 0),
    incomingByStatus: drain.statuses,
    published: drain.statuses.published ?? 0,
    drained: drain.drained,
    drainSecondsAfterLoad: Math.round(drain.drainSeconds * 10) / 10,
    settled: settled.drained,
    settledSecondsAfterLoad: settled.drained ? Math.round(settledAfterSec * 10) / 10 : null,
  };
}

/** One signed request end to end before the load, so a wrong signature fails fast. */
async function checkOnce(platform: BenchPlatform, source: Source): Promise<void> {
  const signed = signedRequest(source, 'check-0');
  const response = await fetch(`${platform.url}/hooks/${source.id}`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  });
  if (response.status !== 202) {
    throw new Error(`the check request answered ${response.status}: ${await response.text()}`);
  }
  const drain = await waitForDrain(platform.db, 'check', 1, parameters.drainTimeoutSec);
  if (drain.statuses.published !== 1) {
    throw new Error(`the check event did not publish: ${JSON.stringify(drain.statuses)}`);
  }
}

/** The longest wait for a phase's incoming workflows to finish before going on. */
const settleLimitSec = parameters.drainTimeoutSec + parameters.settleTimeoutSec;
const timeoutSec =
  180 + parameters.steadyDurationSec + parameters.maxDurationSec + 2 * settleLimitSec;

runBench(
  {
    timeoutMs: timeoutSec * 1000,
    env: { HOOKLINE_SOURCE_RATE_LIMIT: String(parameters.sourceRateLimitPerSec) },
  },
  async (platform) => {
    const startedAt = new Date();
    const source = await platform.api<Source>(
      'POST',
      '/v1/sources',
      { name: 'bench', shopId: SHOP_ID, eventTypes: ['ORDER_CREATED'] },
      201,
    );
    await checkOnce(platform, source);
    const steady = await runPhase(platform, source, {
      label: 'steady',
      prefix: 'steady',
      durationSec: parameters.steadyDurationSec,
      connections: parameters.steadyConnections,
      overallRate: parameters.steadyOverallRatePerSec,
    });
    const max = await runPhase(platform, source, {
      label: 'max',
      prefix: 'max',
      durationSec: parameters.maxDurationSec,
      connections: parameters.maxConnections,
      overallRate: undefined,
    });

    const phases = [steady, max];
    const tables: Table[] = [
      {
        heading: 'POST /hooks/:sourceId under load (latency in ms)',
        columns: ['phase', 'req/s', 'requests', 'p50', 'p90', 'p99', 'p99.9', 'max'],
        rows: phases.map((p) => [
          p.phase,
          p.requestsPerSec,
          p.requestsTotal,
          p.latencyMs.p50,
          p.latencyMs.p90,
          p.latencyMs.p99,
          p.latencyMs.p99_9,
          p.latencyMs.max,
        ]),
      },
      {
        heading: 'Answers and the incoming workflows afterwards',
        columns: [
          'phase',
          '2xx',
          'non-2xx',
          'errors',
          'timeouts',
          'incoming rows',
          'published',
          'rows by status',
          'all final after (s)',
        ],
        rows: phases.map((p) => [
          p.phase,
          p.answered2xx,
          `${p.non2xx} ${JSON.stringify(p.statusCodes)}`,
          p.errors,
          p.timeouts,
          p.incomingRows,
          p.published,
          JSON.stringify(p.incomingByStatus),
          p.settled ? p.settledSecondsAfterLoad! : `not within ${settleLimitSec}`,
        ]),
      },
    ];
    for (const table of tables) {
      console.log(`\n${table.heading}`);
      console.table(
        table.rows.map((row) => Object.fromEntries(row.map((v, i) => [table.columns[i], v]))),
      );
    }
    const files = await writeResult({
      name: 'receiver-load',
      title: 'Receiver load: signed incoming webhooks with autocannon',
      startedAt,
      machine: describeMachine(platform.temporalVersion),
      parameters,
      results: { phases },
      tables,
      notes: [
        'Temporal dev server (in memory, headless), worker, API and autocannon all run on this ' +
          'one machine; autocannon, the API and the worker share one Node.js process, so the ' +
          'load generator takes CPU from the server it measures.',
        'Every request has a fresh webhook-id, its own order id and a Standard Webhooks ' +
          'signature made in setupRequest (HMAC-SHA256 with node:crypto).',
        'Latency is autocannon’s, from sending a request to its answer. In the steady phase ' +
          'its coordinated-omission correction is off (ignoreCoordinatedOmission): autocannon ' +
          '8.0.0 uses an expected interval of ceil(1 / per-connection rate) = 1 ms, which ' +
          'would add a synthetic sample for every millisecond of every answer.',
        'With a fixed overall rate, autocannon gives each connection an equal share and keeps ' +
          'one request in flight per connection, so the target rate is reached only while ' +
          'answers come back within connections ÷ rate (100 ms at the defaults); a lower ' +
          'req/s in the steady phase means the receiver answered slower than that.',
        '“published” counts rows of incoming_events with that status and the phase’s ' +
          `webhook-id prefix, after waiting up to ${parameters.drainTimeoutSec} s for the ` +
          'incoming workflows to finish. “All final after” is the time from the end of the ' +
          'load until every incoming row of the phase reached a final status (published, ' +
          `stale or rejected); the next phase starts only then, or after ${settleLimitSec} s. ` +
          'The source has no subscribers.',
        'autocannon does not count the answers still in flight when a phase ends, so the ' +
          'incoming rows of a phase may exceed its 2xx count by up to its connections.',
        'The source rate limit is raised so that it does not interfere.',
      ],
    });
    console.log(`\nwrote ${files.join(' and ')}`);
  },
);
