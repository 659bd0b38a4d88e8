import { parseArgs } from 'node:util';

/**
 * A command-line value that must be a positive number.
 * @throws naming the flag when it is not.
 */
export function positiveNumber(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${flag} must be a positive number, not "${text}"`);
  }
  return value;
}

export const SCENARIOS = ['floor', 'ingest', 'end-to-end', 'fan-out', 'backlog'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    'deadline-s': { type: 'string', default: '570' },
    'phase-s': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '20' },
    'fan-out': { type: 'string', default: '1,10,100,1000' },
    'backlog-subscriptions': { type: 'string', default: '25' },
    'backlog-events': { type: 'string', default: '100' },
    only: { type: 'string', default: SCENARIOS.join(',') },
    out: { type: 'string' },
    'cpu-prof': { type: 'string' },
    entry: { type: 'string' },
  },
});

const list = (flag: string, text: string) => text.split(',').map((part) => part.trim());

const only = list('only', values.only);
for (const name of only) {
  if (!(SCENARIOS as readonly string[]).includes(name)) {
    throw new Error(`--only takes ${SCENARIOS.join(', ')}; not "${name}"`);
  }
}

/** The harness's options, read once from the command line. */
export const options = {
  deadlineSec: positiveNumber('deadline-s', values['deadline-s']),
  phaseSec: positiveNumber('phase-s', values['phase-s']),
  concurrency: positiveNumber('concurrency', values.concurrency),
  fanOutSizes: list('fan-out', values['fan-out']).map((text) => positiveNumber('fan-out', text)),
  backlogSubscriptions: positiveNumber('backlog-subscriptions', values['backlog-subscriptions']),
  backlogEvents: positiveNumber('backlog-events', values['backlog-events']),
  scenarios: only as Scenario[],
  /** Where to write the results instead of bench/results (for A/B runs). */
  outDir: values.out,
  /** A folder for a CPU profile of the platform process. */
  cpuProfDir: values['cpu-prof'],
  /** Another build's dist/src/main/start.js to measure instead of this checkout's. */
  entry: values.entry,
};
