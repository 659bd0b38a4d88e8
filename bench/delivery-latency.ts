import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { eventExamples } from '../src/events/examples';
import { positiveNumber } from './args';
import { ArrivalRecorder } from './arrivals';
import { describeMachine } from './machine';
import type { BenchPlatform } from './platform';
import { type Table, writeResult } from './report';
import { runBench } from './run-bench';
import { type Stages, stageBreakdown, type Timed } from './stages';
import { type Summary, summarize } from './stats';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200' },
    burst: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '20' },
    'timeout-s': { type: 'string', default: '300' },
  },
});

const parameters = {
  lowLoadEvents: positiveNumber('events', args.events),
  burstEvents: positiveNumber('burst', args.burst),
  burstConcurrency: positiveNumber('concurrency', args.concurrency),
  warmupEvents: positiveNumber('warmup', args.warmup),
  globalTimeoutSec: positiveNumber('timeout-s', args['timeout-s']),
  eventType: 'ORDER_CREATED',
  subscriptions: 1,
  arrivalTimeoutMs: 30_000,
  burstArrivalTimeoutMs: 120_000,
};

interface Published {
  eventId: string;
  startedAt: number;
  acceptedAt: number;
}

/** POSTs a valid ORDER_CREATED with an order of its own; the event id is the webhook-id. */
async function publish(platform: BenchPlatform, eventId: string): Promise<Published> {
  const order = { ...eventExamples.ORDER_CREATED.order, id: `ord_${eventId}` };
  const startedAt = performance.now();
  await platform.api(
    'POST',
    '/v1/events',
    { id: eventId, type: 'ORDER_CREATED', data: { order } },
    202,
  );
  return { eventId, startedAt, acceptedAt: performance.now() };
}

/** One event at a time, each awaited at the subscriber before the next is published. */
async function oneAtATime(
  platform: BenchPlatform,
  subscriber: ArrivalRecorder,
  prefix: string,
  count: number,
) {
  const timed: Timed[] = [];
  const accepts: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const sent = await publish(platform, `evt_${prefix}_${index}`);
    const arrivedAt = await subscriber.waitFor(sent.eventId, parameters.arrivalTimeoutMs);
    timed.push({ eventId: sent.eventId, startedAt: sent.startedAt, arrivedAt });
    accepts.push(sent.acceptedAt - sent.startedAt);
  }
  return {
    delivery: summarize(timed.map((t) => t.arrivedAt - t.startedAt)),
    accept: summarize(accepts),
    stages: await stageBreakdown(platform.db, timed),
  };
}

/** `count` events from `concurrency` parallel publishers, then every arrival awaited. */
async function burst(platform: BenchPlatform, subscriber: ArrivalRecorder) {
  const sent: Published[] = [];
  let next = 0;
  const burstStart = performance.now();
  const lane = async () => {
    while (next < parameters.burstEvents) {
      const index = next;
      next += 1;
      sent.push(await publish(platform, `evt_burst_${index}`));
    }
  };
  await Promise.all(Array.from({ length: parameters.burstConcurrency }, lane));
  const publishedAt = performance.now();
  const arrivals = await Promise.all(
    sent.map((s) => subscriber.waitFor(s.eventId, parameters.burstArrivalTimeoutMs)),
  );
  const lastArrival = Math.max(...arrivals);
  const timed = sent.map((s, i) => ({ ...s, arrivedAt: arrivals[i]! }));
  return {
    delivery: summarize(timed.map((t) => t.arrivedAt - t.startedAt)),
    accept: summarize(sent.map((s) => s.acceptedAt - s.startedAt)),
    stages: await stageBreakdown(platform.db, timed),
    publishSeconds: round((publishedAt - burstStart) / 1000, 2),
    publishedPerSec: round(sent.length / ((publishedAt - burstStart) / 1000), 1),
    lastArrivalSeconds: round((lastArrival - burstStart) / 1000, 2),
    deliveriesPerSec: round(sent.length / ((lastArrival - burstStart) / 1000), 1),
  };
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

const summaryRow = (label: string, s: Summary) => [
  label,
  s.count,
  s.minMs,
  s.medianMs,
  s.p90Ms,
  s.p99Ms,
  s.maxMs,
  s.meanMs,
];
const SUMMARY_COLUMNS = ['ms', 'n', 'min', 'median', 'p90', 'p99', 'max', 'mean'];

const stageRows = (label: string, stages: Stages) => [
  summaryRow(`${label}: publish → event accepted`, stages.publishToAccepted),
  summaryRow(`${label}: accepted → attempt starts`, stages.acceptedToAttempt),
  summaryRow(`${label}: attempt starts → received`, stages.attemptToArrival),
];

runBench({ timeoutMs: parameters.globalTimeoutSec * 1000 }, async (platform, shutdown) => {
  const startedAt = new Date();
  const subscriber = await ArrivalRecorder.start();
  shutdown.add('subscriber', () => subscriber.stop());
  await platform.api(
    'POST',
    '/v1/subscriptions',
    { url: subscriber.url, eventTypes: ['ORDER_CREATED'] },
    201,
  );

  console.log(`warming up with ${parameters.warmupEvents} events`);
  await oneAtATime(platform, subscriber, 'warmup', parameters.warmupEvents);
  console.log(`low load: ${parameters.lowLoadEvents} events, one at a time`);
  const low = await oneAtATime(platform, subscriber, 'low', parameters.lowLoadEvents);
  console.log(`burst: ${parameters.burstEvents} events, ${parameters.burstConcurrency} at once`);
  const high = await burst(platform, subscriber);

  const tables: Table[] = [
    {
      heading: 'Publish request start → subscriber received',
      columns: SUMMARY_COLUMNS,
      rows: [summaryRow('low load', low.delivery), summaryRow('burst', high.delivery)],
    },
    {
      heading: 'Publish request start → 202 answer',
      columns: SUMMARY_COLUMNS,
      rows: [summaryRow('low load', low.accept), summaryRow('burst', high.accept)],
    },
    {
      heading: 'Where the time goes (timestamps of the app database)',
      columns: SUMMARY_COLUMNS,
      rows: [...stageRows('low load', low.stages), ...stageRows('burst', high.stages)],
    },
    {
      heading: 'Burst throughput',
      columns: ['figure', 'value'],
      rows: [
        ['all 202 answers after (s)', high.publishSeconds],
        ['publishes answered per second', high.publishedPerSec],
        ['last delivery after (s)', high.lastArrivalSeconds],
        ['deliveries per second (first publish → last arrival)', high.deliveriesPerSec],
        ['repeated deliveries of a webhook-id (whole run)', subscriber.repeats],
      ],
    },
  ];
  for (const table of tables) {
    console.log(`\n${table.heading}`);
    console.table(
      table.rows.map((row) => Object.fromEntries(row.map((v, i) => [table.columns[i], v]))),
    );
  }
  const files = await writeResult({
    name: 'delivery-latency',
    title: 'Delivery latency: publish to a subscriber on loopback',
    startedAt,
    machine: describeMachine(platform.temporalVersion),
    parameters,
    results: { lowLoad: low, burst: high, repeatedDeliveries: subscriber.repeats },
    tables,
    notes: [
      'Temporal dev server (in memory, headless), worker, API, subscriber and load generator ' +
        'all run on this one machine; the worker, API, subscriber and publishers share one ' +
        'Node.js process.',
      'Times are taken with performance.now() in that process: from just before the ' +
        'POST /v1/events request to the end of the webhook body at the subscriber.',
      'Low load waits for each delivery before publishing the next. The burst waits only ' +
        'for the 202 answers, then for every delivery; its deliveries per second count from ' +
        'the first publish to the last arrival.',
      'The stages split each latency at the event row written by the acceptEvent activity ' +
        'and at the start of the first delivery attempt (attempts.started_at, taken just ' +
        'before the POST); these are wall-clock times, accurate to about 1 ms.',
      'The warm-up events are not counted.',
    ],
  });
  console.log(`\nwrote ${files.join(' and ')}`);
});
