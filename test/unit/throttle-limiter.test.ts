import {
  COUNTED_WINDOW_MS,
  decide,
  IN_FLIGHT_POLL_MAX_MS,
  IN_FLIGHT_POLL_MS,
  isThrottled,
  type LimiterState,
  turnIntervalMs,
} from '../../src/throttle/limiter';

const NOW = 1_000_000;

/** A subscription limited to 5 per second with nothing started yet. */
function state(changes: Partial<LimiterState> = {}): LimiterState {
  return {
    nowMs: NOW,
    rateLimitPerSecond: 5,
    maxInFlight: null,
    throttledUntilMs: null,
    nextSlotAtMs: null,
    recentStartsMs: [],
    inFlight: 0,
    random: () => 0.5,
    ...changes,
  };
}

describe('throttle limiter', () => {
  test('an idle subscription lets an attempt start and hands out the next turn one interval later', () => {
    const decision = decide(state());

    expect(decision).toEqual({ kind: 'go', nextSlotAtMs: NOW + turnIntervalMs(5) });
  });

  test('turns are spaced so that N + 1 starts never fit into the counted window', () => {
    const interval = turnIntervalMs(5);

    expect(interval * 5).toBeGreaterThanOrEqual(COUNTED_WINDOW_MS);
  });

  test('an attempt without a turn while the next turn lies ahead waits for it and moves the next one on', () => {
    const nextSlotAtMs = NOW + 300;

    const decision = decide(state({ nextSlotAtMs }));

    expect(decision).toEqual({
      kind: 'wait',
      reason: 'rate',
      delayMs: 300,
      turnAtMs: nextSlotAtMs,
      nextSlotAtMs: nextSlotAtMs + turnIntervalMs(5),
    });
  });

  test('an attempt whose turn has come starts without taking another turn', () => {
    const nextSlotAtMs = NOW + 500;

    const decision = decide(state({ nextSlotAtMs, turnAtMs: NOW - 10 }));

    expect(decision).toEqual({ kind: 'go', nextSlotAtMs });
  });

  test('an attempt woken before its turn waits for the rest of it and keeps it', () => {
    const decision = decide(state({ turnAtMs: NOW + 40, nextSlotAtMs: NOW + 500 }));

    expect(decision).toMatchObject({ kind: 'wait', delayMs: 40, turnAtMs: NOW + 40 });
  });

  test('with N starts in the counted window, a turn waits until the oldest that counts leaves it', () => {
    const recentStartsMs = [NOW - 1100, NOW - 900, NOW - 600, NOW - 300, NOW - 100];

    const decision = decide(state({ recentStartsMs, turnAtMs: NOW }));

    expect(decision).toMatchObject({
      kind: 'wait',
      reason: 'rate',
      delayMs: NOW - 1100 + COUNTED_WINDOW_MS - NOW + 1,
    });
  });

  test('starts older than the counted window do not count', () => {
    const recentStartsMs = [NOW - COUNTED_WINDOW_MS - 1, NOW - 900, NOW - 600, NOW - 300, NOW];

    const decision = decide(state({ recentStartsMs, turnAtMs: NOW }));

    expect(decision.kind).toBe('go');
  });

  test('with every in-flight slot taken the attempt polls, longer each time up to the cap', () => {
    const limits = { rateLimitPerSecond: null, maxInFlight: 2, inFlight: 2 };

    const first = decide(state({ ...limits, inFlightWaits: 0 }));
    const third = decide(state({ ...limits, inFlightWaits: 2 }));
    const late = decide(state({ ...limits, inFlightWaits: 30 }));

    expect(first).toMatchObject({ kind: 'wait', reason: 'in-flight', delayMs: IN_FLIGHT_POLL_MS });
    expect(third).toMatchObject({ delayMs: IN_FLIGHT_POLL_MS * 4 });
    expect(late).toMatchObject({ delayMs: IN_FLIGHT_POLL_MAX_MS });
  });

  test('one in-flight slot free lets the attempt start', () => {
    const decision = decide(state({ rateLimitPerSecond: null, maxInFlight: 2, inFlight: 1 }));

    expect(decision).toEqual({ kind: 'go', nextSlotAtMs: null });
  });

  test('after a 429 every attempt waits until the pause ends, even one that held an earlier turn', () => {
    const throttledUntilMs = NOW + 4000;

    const decision = decide(
      state({ rateLimitPerSecond: null, throttledUntilMs, turnAtMs: NOW - 5 }),
    );

    expect(decision).toMatchObject({ kind: 'wait', reason: '429', delayMs: 4000 });
  });

  test('after a 429 on a rate-limited subscription the turns resume one by one from the pause end', () => {
    const throttledUntilMs = NOW + 4000;

    const first = decide(state({ throttledUntilMs }));
    const second = decide(state({ throttledUntilMs, nextSlotAtMs: first.nextSlotAtMs }));

    expect(first).toMatchObject({ turnAtMs: throttledUntilMs });
    expect(second).toMatchObject({ turnAtMs: throttledUntilMs + turnIntervalMs(5) });
  });

  test('a subscription without limits and without a 429 pause is not throttled', () => {
    const limits = { rateLimitPerSecond: null, maxInFlight: null, nowMs: NOW };

    expect(isThrottled({ ...limits, throttledUntilMs: null })).toBe(false);
    expect(isThrottled({ ...limits, throttledUntilMs: NOW - 1 })).toBe(false);
    expect(isThrottled({ ...limits, throttledUntilMs: NOW + 1 })).toBe(true);
  });
});
