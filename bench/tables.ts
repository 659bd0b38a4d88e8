import type { Results } from './main';
import type { Table } from './report';
import { round, type Summary } from './stats';

const latency = (s: Summary) => [s.medianMs, s.p99Ms, s.p999Ms, s.maxMs];
const ratio = (value: number, floor: number | undefined) =>
  floor === undefined || floor === 0 ? null : round(value / floor, 2);

function floorTable(r: Results): Table[] {
  const f = r.floor;
  if (f === undefined) return [];
  return [
    {
      heading: 'Floor: bare Temporal on the same dev server',
      columns: ['what', 'per second', 'median ms', 'p99 ms', 'p99.9 ms', 'max ms', 'errors'],
      rows: [
        [
          'workflow starts (concurrent)',
          f.starts.perSec,
          ...latency(f.starts.latency),
          f.starts.errors,
        ],
        [
          'workflow starts (paced at half that rate)',
          f.startsAtHalfRate.perSec,
          ...latency(f.startsAtHalfRate.latency),
          f.startsAtHalfRate.errors,
        ],
        ['workflow + activity, one at a time', null, ...latency(f.workflowWithActivityLatency), 0],
        [
          'workflow + activity (concurrent)',
          f.workflowWithActivity.perSec,
          ...latency(f.workflowWithActivity.latency),
          f.workflowWithActivity.errors,
        ],
      ],
    },
  ];
}

function ingestTable(r: Results): Table[] {
  if (r.ingest === undefined) return [];
  const floor = r.floor?.starts.perSec;
  return [
    {
      heading: 'Ingest: answers of POST /hooks/:sourceId and POST /v1/events (autocannon)',
      columns: [
        'door',
        'load',
        'accepted/s',
        'ratio to floor starts',
        'p50 ms',
        'p99 ms',
        'p99.9 ms',
        'max ms',
        'non-2xx',
        'errors',
        'timeouts',
        'processed',
        'all processed after (s)',
      ],
      rows: r.ingest.map((p) => [
        p.door,
        p.load,
        p.acceptedPerSec,
        ratio(p.acceptedPerSec, floor),
        p.latencyMs.p50,
        p.latencyMs.p99,
        p.latencyMs.p999,
        p.latencyMs.max,
        p.non2xx,
        p.errors,
        p.timeouts,
        p.processed,
        p.drainedAfterSec,
      ]),
    },
  ];
}

function endToEndTables(r: Results): Table[] {
  const e = r.endToEnd;
  if (e === undefined) return [];
  const floor = r.floor;
  return [
    {
      heading: 'End to end: publish request start → subscriber received',
      columns: ['phase', 'events', 'per second', 'median ms', 'p99 ms', 'p99.9 ms', 'max ms'],
      rows: [
        ['low load (one at a time)', e.lowLoad.latency.count, null, ...latency(e.lowLoad.latency)],
        [
          'saturation (closed loop of publishers)',
          e.saturation.published,
          e.saturation.deliveriesPerSec,
          ...latency(e.saturation.latency),
        ],
        [
          `near saturation (paced at ${e.nearSaturation.ratePerSec}/s)`,
          e.nearSaturation.published,
          e.nearSaturation.ratePerSec,
          ...latency(e.nearSaturation.latency),
        ],
      ],
    },
    {
      heading: 'End to end at low load: where the time goes (app database timestamps)',
      columns: ['stage', 'median ms', 'p99 ms', 'p99.9 ms', 'max ms'],
      rows: [
        ['publish → event row written', ...latency(e.lowLoad.stages.publishToAccepted)],
        ['event row → first attempt starts', ...latency(e.lowLoad.stages.acceptedToAttempt)],
        ['attempt starts → subscriber received', ...latency(e.lowLoad.stages.attemptToArrival)],
      ],
    },
    {
      heading: 'End to end: ratios to the floor',
      columns: ['figure', 'hookline', 'floor', 'ratio'],
      rows: [
        [
          'median latency, low load (ms)',
          e.lowLoad.latency.medianMs,
          floor?.workflowWithActivityLatency.medianMs ?? null,
          ratio(e.lowLoad.latency.medianMs, floor?.workflowWithActivityLatency.medianMs),
        ],
        [
          'deliveries (workflow + activity) per second at saturation',
          e.saturation.deliveriesPerSec,
          floor?.workflowWithActivity.perSec ?? null,
          ratio(e.saturation.deliveriesPerSec, floor?.workflowWithActivity.perSec),
        ],
      ],
    },
  ];
}

function fanOutTable(r: Results): Table[] {
  if (r.fanOut === undefined) return [];
  return [
    {
      heading: 'Fan-out: one event to N subscribers on one host',
      columns: [
        'subscribers',
        'arrived',
        'last delivery after (s)',
        'ms per subscriber',
        'deliveries/s',
        'event workflow history events',
        'history bytes',
      ],
      rows: r.fanOut.map((f) => [
        f.subscribers,
        f.arrived,
        f.lastDeliverySec,
        round((f.lastDeliverySec * 1000) / f.subscribers),
        f.deliveriesPerSec,
        f.historyEvents,
        f.historyBytes,
      ]),
    },
  ];
}

function backlogTables(r: Results): Table[] {
  const b = r.backlog;
  if (b === undefined) return [];
  return [
    {
      heading: 'Backlog: deliveries held by paused subscriptions, then released',
      columns: ['figure', 'value'],
      rows: [
        ['deliveries planned', b.planned],
        ['held when the release began', b.held],
        ['time to hold them all (s)', b.holdSec],
        ['held per second', b.heldPerSec],
        ['resume requests took (s)', b.resumeSec],
        ['backlog deliveries arrived', b.delivered],
        ['drained within the timeout', b.drained ? 'yes' : 'no'],
        ['drain time (s)', b.drainSec],
        ['drain rate (deliveries/s)', b.drainPerSec],
      ],
    },
    {
      heading: 'Backlog: latency of a healthy subscription (publish → received)',
      columns: [
        'when',
        'arrived',
        'not arrived in time',
        'median ms',
        'p99 ms',
        'p99.9 ms',
        'max ms',
      ],
      rows: [
        ['before the backlog', b.healthyBaseline.count, 0, ...latency(b.healthyBaseline)],
        [
          'while the backlog drains',
          b.healthyDuringDrain.count,
          b.healthyProbeErrors,
          ...latency(b.healthyDuringDrain),
        ],
      ],
    },
  ];
}

function memoryTable(r: Results): Table[] {
  const m = r.memory;
  if (m === undefined) return [];
  const processes: [string, typeof m.platform][] = [['platform (worker + API)', m.platform]];
  if (m.devServer !== null) processes.push(['Temporal dev server', m.devServer]);
  const phases = Object.keys(m.platform.peakMiB).filter(
    (p) => !['start', 'after', 'end'].includes(p),
  );
  return [
    {
      heading: 'Memory: resident set size (MiB)',
      columns: ['process', 'at rest', ...phases.map((p) => `peak in ${p}`), 'after the load'],
      rows: processes.map(([name, figures]) => [
        name,
        figures.atRestMiB,
        ...phases.map((p) => figures.peakMiB[p] ?? null),
        figures.afterMiB,
      ]),
    },
    {
      heading: 'CPU seconds used while each scenario ran',
      columns: ['process', ...phases, 'after the load'],
      rows: [
        ...processes.map(([name, figures]) => [
          name,
          ...phases.map((p) => figures.cpuSec[p] ?? null),
          figures.cpuSec.after ?? null,
        ]),
        ...(m.harness === undefined
          ? []
          : [
              [
                'harness (load, subscribers, floor client)',
                ...phases.map((p) => m.harness![p] ?? null),
                null,
              ],
            ]),
      ],
    },
  ];
}

/** Every table of the Markdown result, in the order of the scenarios. */
export function buildTables(r: Results): Table[] {
  return [
    ...floorTable(r),
    ...ingestTable(r),
    ...endToEndTables(r),
    ...fanOutTable(r),
    ...backlogTables(r),
    ...memoryTable(r),
  ];
}

export const NOTES = [
  'The platform runs as `npm start` runs it, in a process of its own (`node dist/src/main/start.js`): ' +
    'the embedded Temporal dev server with its UI and its history in a SQLite file, the app ' +
    'database in SQLite, the worker and the API. The load generators (autocannon, fetch and ' +
    'the Temporal client) and the subscribers run in the harness process; the floor worker in a ' +
    'third process. All share the machine’s cores, so compare runs of the same machine and look ' +
    'at the load average.',
  'Floor: a worker with the SDK’s default options on its own task queue of the same dev server; ' +
    'starts are client starts of a workflow that does nothing, from as many concurrent callers ' +
    'as the ingest phases use, then paced at half the rate they reached (the ingest phases’ ' +
    'fixed rate), so the answer times compare; the workflow + activity figures await each ' +
    'workflow’s result.',
  'Ingest: the fixed rate is half the floor’s start rate. autocannon’s coordinated-omission ' +
    'correction is off at a fixed rate. “Processed” counts the accepted requests whose ' +
    'workflows finished their work (rows of incoming_events in a final status, or of events).',
  'End to end: times in the harness from just before the publish request to the end of the ' +
    'webhook body at the subscriber. Saturation: deliveries per second from the first publish ' +
    'to the last arrival.',
  'Fan-out: from the publish request until the last of N subscriptions (one host, one path ' +
    'each) had the event; history of the `event:<id>` workflow from describe().',
  'Backlog: held deliveries are those of paused subscriptions; the drain counts from the first ' +
    'resume request to the last backlog arrival; the healthy subscription belongs to another ' +
    'shop and another host and gets events at a steady pace meanwhile.',
  'Memory: VmRSS from /proc/<pid>/status every 250 ms; “after the load” is taken 15 s after ' +
    'the last scenario.',
];
