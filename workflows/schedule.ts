/** Share of a delay that is randomised either way, so retries of many deliveries spread out. */
export const JITTER_RATIO = 0.1;

/**
 * The planned delay before attempt `index` (0-based): the schedule's entry, the last entry
 * repeating, with jitter from the given random source (the workflow's deterministic one).
 */
export function plannedDelayMs(scheduleMs: number[], index: number, random: () => number): number {
  const base = scheduleMs[Math.min(index, scheduleMs.length - 1)] ?? 0;
  if (base === 0) return 0;
  const jitter = (random() * 2 - 1) * JITTER_RATIO * base;
  return Math.max(0, Math.round(base + jitter));
}
