import type { QueuedDelivery } from '../src/contracts/ordered';

/** How many keys a queue remembers after their delivery, to recognise repeated requests. */
export const SEEN_KEYS_KEPT = 500;

/**
 * The waiting deliveries of one order to one subscription, lowest version first; among equal
 * versions, the one that came first. A key seen before (waiting or recently taken) is ignored,
 * so a repeated signal or a delivery found twice adds nothing. Deterministic: workflow code.
 */
export class OrderedQueue {
  private readonly waiting: QueuedDelivery[];
  private readonly seen: string[];
  private readonly seenSet: Set<string>;

  constructor(waiting: QueuedDelivery[] = [], seenKeys: string[] = []) {
    // Carried over as the previous run kept them: in order, and their keys among the seen.
    this.waiting = [...waiting].sort((a, b) => a.version - b.version);
    this.seen = [...seenKeys];
    this.seenSet = new Set(seenKeys);
    for (const item of waiting) if (!this.seenSet.has(item.key)) this.remember(item.key);
  }

  /** Adds a delivery in version order; answers false when its key was seen already. */
  add(item: QueuedDelivery): boolean {
    if (this.seenSet.has(item.key)) return false;
    this.remember(item.key);
    // After every item of a lower or equal version: equal versions keep their arrival order.
    const index = this.waiting.findIndex((queued) => queued.version > item.version);
    if (index === -1) this.waiting.push(item);
    else this.waiting.splice(index, 0, item);
    return true;
  }

  /** Removes and answers the delivery of the lowest version, or undefined when none waits. */
  take(): QueuedDelivery | undefined {
    return this.waiting.shift();
  }

  get size(): number {
    return this.waiting.length;
  }

  /** The waiting deliveries, in the order they will go. */
  items(): QueuedDelivery[] {
    return [...this.waiting];
  }

  /** The most recent keys, the number bounded, to carry into the next run. */
  recentKeys(): string[] {
    return this.seen.slice(-SEEN_KEYS_KEPT);
  }

  private remember(key: string): void {
    this.seen.push(key);
    this.seenSet.add(key);
    if (this.seen.length > 2 * SEEN_KEYS_KEPT) {
      for (const old of this.seen.splice(0, this.seen.length - SEEN_KEYS_KEPT)) {
        this.seenSet.delete(old);
      }
    }
  }
}
