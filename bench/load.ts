import { performance } from 'node:perf_hooks';
import { round, type Summary, summarize } from './stats';

export interface LoadResult {
  /** Calls that resolved. */
  done: number;
  errors: number;
  /** The first error's message, to say what went wrong. */
  firstError: string | null;
  seconds: number;
  perSec: number;
  latency: Summary;
}

/** The figures of a load that began at `started` (a `performance.now()`) and is over. */
function loadResult(
  latencies: number[],
  errors: number,
  firstError: string | null,
  started: number,
): LoadResult {
  const seconds = (performance.now() - started) / 1000;
  return {
    done: latencies.length,
    errors,
    firstError,
    seconds: round(seconds, 2),
    perSec: round(latencies.length / seconds),
    latency: summarize(latencies),
  };
}

/**
 * Closed loop: `concurrency` lanes each call `work(n)` again as soon as the last call
 * settled, until `durationMs` has passed or `maxCalls` calls were made; the calls in flight
 * then are awaited and counted.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  work: (n: number) => Promise<unknown>,
  maxCalls = Infinity,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const lane = async () => {
    while (performance.now() - started < durationMs && next < maxCalls) {
      const n = next;
      next += 1;
      const callStart = performance.now();
      try {
        await work(n);
        latencies.push(performance.now() - callStart);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return loadResult(latencies, errors, firstError, started);
}

/**
 * Open loop: starts `work(n)` at `ratePerSec` for `durationMs`, whether or not earlier calls
 * have settled (so a slow answer does not slow the arrivals), then awaits them all.
 */
export async function openLoop(
  ratePerSec: number,
  durationMs: number,
  work: (n: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const calls: Promise<void>[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const total = Math.max(1, Math.round((ratePerSec * durationMs) / 1000));
  const started = performance.now();
  for (let n = 0; n < total; n += 1) {
    const dueAt = started + (n * 1000) / ratePerSec;
    const waitMs = dueAt - performance.now();
    if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const callStart = performance.now();
    calls.push(
      work(n).then(
        () => void latencies.push(performance.now() - callStart),
        (error: unknown) => {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        },
      ),
    );
  }
  await Promise.all(calls);
  return loadResult(latencies, errors, firstError, started);
}

/** Runs `work` over `items` with at most `concurrency` at once; answers the results in order. */
export async function inBatches<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
