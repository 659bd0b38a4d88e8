/**
 * The throttling decision of one delivery attempt, as pure arithmetic over the shared state
 * the slot store reads in one transaction. Three limits apply, each only when set:
 *
 * - the rate: at most N attempts start in any window of `COUNTED_WINDOW_MS`;
 * - the in-flight limit: at most M attempts run at once;
 * - a 429 pause: no attempt starts before `throttledUntilMs`.
 *
 * Waiting attempts are given turns `COUNTED_WINDOW_MS / N` apart, so they wake one by one
 * instead of all at once; the window count is checked again when a turn comes, so the rate
 * holds even when turns are late or handed out under an older limit.
 */

/** The second the limit speaks of. */
export const RATE_WINDOW_MS = 1000;

/**
 * A start counts against the rate this much longer than a second. Requests take a varying time
 * from the start of an attempt to the subscriber; without the margin, N + 1 arrivals could
 * fall into one second at the subscriber's end when an early one is slow and a late one fast.
 * The margin is the jitter the promise survives; the sustained rate is N per 1.2 s.
 */
export const JITTER_MARGIN_MS = 200;

export const COUNTED_WINDOW_MS = RATE_WINDOW_MS + JITTER_MARGIN_MS;

/** The first wait of an attempt that finds every in-flight slot taken; it doubles up to the cap. */
export const IN_FLIGHT_POLL_MS = 250;
export const IN_FLIGHT_POLL_MAX_MS = 5000;

export interface LimiterState {
  nowMs: number;
  rateLimitPerSecond: number | null;
  maxInFlight: number | null;
  throttledUntilMs: number | null;
  /** The earliest turn not handed out yet. */
  nextSlotAtMs: number | null;
  /** Start times of attempts within the counted window, ascending. */
  recentStartsMs: number[];
  /** Attempts started and neither finished nor past their lease. */
  inFlight: number;
  /** The turn this attempt was given by an earlier decision, if any. */
  turnAtMs?: number | undefined;
  /** How many times in a row this attempt found the in-flight slots taken. */
  inFlightWaits?: number | undefined;
  /** A number in [0, 1) that spreads in-flight polls; Math.random in production. */
  random?: () => number;
}

export type WaitReason = 'rate' | 'in-flight' | '429';

export type LimiterDecision =
  | { kind: 'go'; nextSlotAtMs: number | null }
  | {
      kind: 'wait';
      reason: WaitReason;
      delayMs: number;
      /** The turn to present on the next try, so that the attempt keeps its place. */
      turnAtMs: number;
      nextSlotAtMs: number | null;
    };

/** Whether a subscription has any limit in force at `nowMs`; without one no state is read. */
export function isThrottled(limits: {
  rateLimitPerSecond: number | null;
  maxInFlight: number | null;
  throttledUntilMs: number | null;
  nowMs: number;
}): boolean {
  return (
    limits.rateLimitPerSecond !== null ||
    limits.maxInFlight !== null ||
    (limits.throttledUntilMs !== null && limits.throttledUntilMs > limits.nowMs)
  );
}

/** The spacing of turns under a rate of `perSecond`. */
export function turnIntervalMs(perSecond: number): number {
  return Math.ceil(COUNTED_WINDOW_MS / perSecond);
}

/**
 * Decides whether an attempt may start now, or how long it waits and with which turn. Never
 * throws; a `go` means the caller records the start in the same transaction.
 */
export function decide(state: LimiterState): LimiterDecision {
  const now = state.nowMs;
  const rate = state.rateLimitPerSecond;
  const throttledUntil = state.throttledUntilMs ?? 0;
  let nextSlotAtMs = state.nextSlotAtMs;
  const wait = (reason: WaitReason, delayMs: number, turnAtMs: number): LimiterDecision => ({
    kind: 'wait',
    reason,
    delayMs: Math.max(1, Math.ceil(delayMs)),
    turnAtMs,
    nextSlotAtMs,
  });

  let turn = state.turnAtMs;
  if (turn === undefined || turn < throttledUntil) {
    turn = Math.max(now, throttledUntil, rate === null ? 0 : (nextSlotAtMs ?? 0));
    if (rate !== null) nextSlotAtMs = turn + turnIntervalMs(rate);
  }
  if (turn > now) return wait(turn === throttledUntil ? '429' : 'rate', turn - now, turn);

  if (rate !== null) {
    const starts = state.recentStartsMs.filter((at) => at > now - COUNTED_WINDOW_MS);
    if (starts.length >= rate) {
      // The start that must leave the window before one more fits in it.
      const leaving = starts[starts.length - rate]!;
      const delayMs = leaving + COUNTED_WINDOW_MS - now + 1;
      return wait('rate', delayMs, now + delayMs);
    }
  }
  if (state.maxInFlight !== null && state.inFlight >= state.maxInFlight) {
    const waits = state.inFlightWaits ?? 0;
    const base = Math.min(IN_FLIGHT_POLL_MS * 2 ** waits, IN_FLIGHT_POLL_MAX_MS);
    const delayMs = base * (0.75 + 0.5 * (state.random ?? Math.random)());
    return wait('in-flight', delayMs, turn);
  }
  return { kind: 'go', nextSlotAtMs };
}
