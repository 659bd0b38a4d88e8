export interface Summary {
  count: number;
  minMs: number;
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

/** The value below which `fraction` of the sorted samples lie (nearest rank). */
function percentile(sorted: number[], fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Min, median, p90, p99, p99.9, max and mean of durations in milliseconds, rounded to
 * 0.1 ms; all zero (count 0) when there are no samples.
 */
export function summarize(samplesMs: number[]): Summary {
  if (samplesMs.length === 0) {
    return { count: 0, minMs: 0, medianMs: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0, meanMs: 0 };
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    minMs: round(sorted[0]!),
    medianMs: round(percentile(sorted, 0.5)),
    p90Ms: round(percentile(sorted, 0.9)),
    p99Ms: round(percentile(sorted, 0.99)),
    p999Ms: round(percentile(sorted, 0.999)),
    maxMs: round(sorted[sorted.length - 1]!),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
  };
}
