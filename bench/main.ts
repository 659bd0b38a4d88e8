import path from 'node:path';
import { options } from './args';
import { ArrivalRecorder } from './arrivals';
import { type FloorResult, measureFloor } from './floor/floor';
import { describeMachine } from './machine';
import { ProcessSampler } from './memory';
import { Platform, START_ENTRY, temporalCliVersion } from './platform';
import { writeResult } from './report';
import { round } from './stats';
import { type BacklogResult, measureBacklog } from './scenarios/backlog';
import { type EndToEndResult, measureEndToEnd } from './scenarios/end-to-end';
import { type FanOutRow, measureFanOut } from './scenarios/fan-out';
import { type IngestPhase, measureIngest } from './scenarios/ingest';
import { buildTables, NOTES } from './tables';

/** Configuration of the platform under test: limits meant for abuse raised out of the way. */
const PLATFORM_ENV = {
  HOOKLINE_SOURCE_RATE_LIMIT: '1000000',
  HOOKLINE_API_RATE_LIMIT: '1000000',
  HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP: '100000',
};

const parameters = {
  ...options,
  platformEnv: PLATFORM_ENV,
  floorLatencySamples: 50,
  e2eWarmupEvents: 10,
  e2eLowLoadEvents: 60,
  nearSaturationShare: 0.8,
  backlogProbeRatePerSec: 2,
  ingestDrainTimeoutSec: 45,
  afterLoadSettleSec: 15,
};

export interface Results {
  floor?: FloorResult;
  ingest?: IngestPhase[];
  endToEnd?: EndToEndResult;
  fanOut?: FanOutRow[];
  backlog?: BacklogResult;
  memory?: {
    /** CPU seconds of the harness process itself per scenario. */
    harness?: Record<string, number>;
    platform: ReturnType<ProcessSampler['stop']>;
    devServer: ReturnType<ProcessSampler['stop']> | null;
  };
}

class DeadlineError extends Error {}

function cliPath(): string {
  const path = process.env.TEMPORAL_CLI_PATH;
  if (path === undefined || path === '') {
    throw new Error(
      'set TEMPORAL_CLI_PATH to the temporal binary (npm run temporal:install prints it)',
    );
  }
  return path;
}

/** Stops the samplers and answers their figures; set once the platform runs. */
let memoryFigures: (() => NonNullable<Results['memory']>) | undefined;

/** Time kept back from the deadline for the memory after the load and the stop. */
const RESERVE_MS = 30_000;

async function measure(
  platform: Platform,
  results: Results,
  cleanups: (() => Promise<void>)[],
  deadlineAt: number,
) {
  const remainingMs = () => deadlineAt - RESERVE_MS - Date.now();
  const hosts = await Promise.all([
    ArrivalRecorder.start(),
    ArrivalRecorder.start(),
    ArrivalRecorder.start(),
  ]);
  for (const host of hosts) cleanups.push(() => host.stop());
  const [main, backlogHost, healthyHost] = hosts as [
    ArrivalRecorder,
    ArrivalRecorder,
    ArrivalRecorder,
  ];
  const memory = new ProcessSampler(platform.pid);
  const devMemory =
    platform.devServerPid === undefined ? null : new ProcessSampler(platform.devServerPid);
  const samplers = [memory, devMemory].filter((s) => s !== null);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  for (const s of samplers) s.markAtRest();
  const phaseMs = options.phaseSec * 1000;
  const run = options.scenarios;
  const harness: Record<string, number> = {};
  memoryFigures = () => {
    enter('end');
    return { platform: memory.stop(), devServer: devMemory?.stop() ?? null, harness };
  };
  let harnessPhase = 'start';
  let harnessCpu = process.cpuUsage();
  const enter = (phase: string) => {
    samplers.forEach((s) => s.enter(phase));
    const used = process.cpuUsage(harnessCpu);
    harness[harnessPhase] = round((used.user + used.system) / 1e6, 2);
    harnessCpu = process.cpuUsage();
    harnessPhase = phase;
  };

  if (run.includes('floor')) {
    enter('floor');
    results.floor = await measureFloor(platform.temporalAddress, {
      concurrency: options.concurrency,
      durationMs: phaseMs,
      latencySamples: parameters.floorLatencySamples,
    });
  }
  if (run.includes('ingest')) {
    enter('ingest');
    const floorStarts = results.floor?.starts.perSec ?? 100;
    results.ingest = await measureIngest(platform, {
      durationSec: options.phaseSec,
      fixedRatePerSec: Math.max(10, Math.round(floorStarts / 2)),
      fixedConnections: options.concurrency,
      maxConnections: options.concurrency,
      drainTimeoutSec: parameters.ingestDrainTimeoutSec,
    });
  }
  if (run.includes('end-to-end')) {
    enter('end-to-end');
    results.endToEnd = await measureEndToEnd(platform, main, {
      warmupEvents: parameters.e2eWarmupEvents,
      lowLoadEvents: parameters.e2eLowLoadEvents,
      saturationConcurrency: options.concurrency,
      saturationSec: options.phaseSec,
      saturationMaxEvents: 300,
      nearSaturationShare: parameters.nearSaturationShare,
      arrivalTimeoutMs: 30_000,
    });
  }
  if (run.includes('fan-out')) {
    enter('fan-out');
    results.fanOut = await measureFanOut(platform, main, {
      sizes: options.fanOutSizes,
      budgetMs: remainingMs() * (run.includes('backlog') ? 0.45 : 1),
    });
  }
  if (run.includes('backlog')) {
    enter('backlog');
    results.backlog = await measureBacklog(platform, backlogHost, healthyHost, {
      subscriptions: options.backlogSubscriptions,
      eventsPerSubscription: options.backlogEvents,
      probeRatePerSec: parameters.backlogProbeRatePerSec,
      baselineProbes: 10,
      budgetMs: remainingMs(),
      arrivalTimeoutMs: 120_000,
    });
  }
  enter('after');
  await new Promise((resolve) => setTimeout(resolve, parameters.afterLoadSettleSec * 1000));
  for (const s of samplers) s.markAfter();
  results.memory = memoryFigures!();
}

/**
 * `npm run bench`: the platform as `npm start` runs it in a child process, the load
 * generators and subscribers in this one, every scenario within one hard deadline; then the
 * results in bench/results/<date>.md and .json. Exits non-zero on any failure or the deadline.
 */
async function main(): Promise<number> {
  const startedAt = new Date();
  const cli = cliPath();
  const temporalVersion = await temporalCliVersion(cli);
  const cleanups: (() => Promise<void>)[] = [];
  const results: Results = {};
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`not finished within ${options.deadlineSec} s`)),
      options.deadlineSec * 1000,
    );
  });
  const interrupted = new Promise<never>((_, reject) => {
    process.once('SIGINT', () => reject(new DeadlineError('interrupted')));
    process.once('SIGTERM', () => reject(new DeadlineError('terminated')));
  });
  let code = 0;
  let failure: string | undefined;
  try {
    const work = (async () => {
      const platform = await Platform.start({
        cliPath: cli,
        entry: options.entry === undefined ? START_ENTRY : path.resolve(options.entry),
        env: PLATFORM_ENV,
        nodeArgs:
          options.cpuProfDir === undefined
            ? []
            : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`],
        startTimeoutMs: 90_000,
      });
      cleanups.push(() => platform.stop());
      await measure(platform, results, cleanups, startedAt.getTime() + options.deadlineSec * 1000);
    })();
    work.catch(() => undefined);
    await Promise.race([work, deadline, interrupted]);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    console.error('benchmark failed:', failure);
    code = 1;
  }
  try {
    // What was measured is written even after a failure, marked as incomplete.
    results.memory ??= memoryFigures?.();
    const files = await writeResult(
      {
        title: failure === undefined ? 'hookline benchmark' : 'hookline benchmark (incomplete)',
        startedAt,
        machine: describeMachine(temporalVersion),
        parameters,
        results: { ...results, failure: failure ?? null },
        tables: buildTables(results),
        notes:
          failure === undefined
            ? NOTES
            : [`Incomplete: ${failure}; the figures of later scenarios are missing.`, ...NOTES],
      },
      options.outDir,
    );
    console.log(`wrote ${files.join(' and ')}`);
  } finally {
    clearTimeout(timer);
    console.log('stopping');
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
