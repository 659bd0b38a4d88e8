import { randomUUID } from 'node:crypto';
import { COUNTED_WINDOW_MS, decide, type LimiterDecision } from '../throttle/limiter';
import type { Db } from './db';

export type SlotDecision =
  | { kind: 'go'; slotId: string }
  | Extract<LimiterDecision, { kind: 'wait' }>;

/**
 * The shared throttling state of subscriptions: one row per started attempt, in the app
 * database that every worker uses, so the limits hold across all of them.
 */
export class DeliverySlots {
  constructor(private readonly db: Db) {}

  /**
   * Takes a slot for one attempt, or answers how long it waits. One short transaction per
   * call: its first statement writes the subscription's row, which serialises the callers of
   * one subscription (a row lock in PostgreSQL, the write lock in SQLite) and no other.
   * @throws when the database fails; the attempt activity is then retried.
   */
  async acquire(options: {
    subscriptionId: string;
    deliveryId: string;
    /** How long the slot counts as in flight if it is never released (a worker died). */
    leaseMs: number;
    turnAtMs?: number | undefined;
    inFlightWaits?: number | undefined;
  }): Promise<SlotDecision> {
    const { subscriptionId } = options;
    return this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('subscriptions')
        .set((eb) => ({ next_slot_at_ms: eb.ref('next_slot_at_ms') }))
        .where('id', '=', subscriptionId)
        .execute();
      // Read once the lock is held: a start recorded earlier than it happens would leave the
      // window early and let one attempt too many through.
      const nowMs = Date.now();
      const limits = await tx
        .selectFrom('subscriptions')
        .select(['rate_limit_per_second', 'max_in_flight', 'throttled_until_ms', 'next_slot_at_ms'])
        .where('id', '=', subscriptionId)
        .executeTakeFirstOrThrow();
      await tx
        .deleteFrom('delivery_slots')
        .where('subscription_id', '=', subscriptionId)
        .where('started_at_ms', '<=', nowMs - COUNTED_WINDOW_MS)
        .where((eb) =>
          eb.or([eb('finished_at_ms', 'is not', null), eb('expires_at_ms', '<=', nowMs)]),
        )
        .execute();
      const slots = await tx
        .selectFrom('delivery_slots')
        .select(['started_at_ms', 'expires_at_ms', 'finished_at_ms'])
        .where('subscription_id', '=', subscriptionId)
        .orderBy('started_at_ms')
        .execute();
      const decision = decide({
        nowMs,
        rateLimitPerSecond: limits.rate_limit_per_second,
        maxInFlight: limits.max_in_flight,
        throttledUntilMs: limits.throttled_until_ms,
        nextSlotAtMs: limits.next_slot_at_ms,
        recentStartsMs: slots
          .map((slot) => slot.started_at_ms)
          .filter((at) => at > nowMs - COUNTED_WINDOW_MS),
        inFlight: slots.filter((s) => s.finished_at_ms === null && s.expires_at_ms > nowMs).length,
        turnAtMs: options.turnAtMs,
        inFlightWaits: options.inFlightWaits,
      });
      if (decision.nextSlotAtMs !== limits.next_slot_at_ms) {
        await tx
          .updateTable('subscriptions')
          .set({ next_slot_at_ms: decision.nextSlotAtMs })
          .where('id', '=', subscriptionId)
          .execute();
      }
      if (decision.kind === 'wait') return decision;
      const slotId = randomUUID();
      await tx
        .insertInto('delivery_slots')
        .values({
          id: slotId,
          subscription_id: subscriptionId,
          delivery_id: options.deliveryId,
          started_at_ms: nowMs,
          expires_at_ms: nowMs + options.leaseMs,
          finished_at_ms: null,
        })
        .execute();
      return { kind: 'go' as const, slotId };
    });
  }

  /** Frees the in-flight part of a slot; its start keeps counting against the rate. */
  async release(slotId: string, nowMs: number): Promise<void> {
    await this.db
      .updateTable('delivery_slots')
      .set({ finished_at_ms: nowMs })
      .where('id', '=', slotId)
      .execute();
  }
}
