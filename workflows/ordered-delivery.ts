import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  enqueueSignal,
  type OrderedDeliveryInput,
  type OrderedDeliveryView,
  orderedStatusQuery,
  type QueuedDelivery,
} from '../src/contracts/ordered';
import { OrderedQueue } from './ordered-queue';
import { startDeliveryChild } from './start-delivery';

const { orderedBacklog } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A queue with nothing to do for this long closes; the next delivery starts it again. */
const IDLE_CLOSE = '10 minutes';

/** Deliveries per run before continuing as new, which keeps each run's history small. */
export const DELIVERIES_PER_RUN = 100;

const brief = (item: QueuedDelivery) => ({
  deliveryId: item.delivery.deliveryId,
  version: item.version,
});

/**
 * Delivers the changes of one order to one subscription one after another, lowest version
 * first: each delivery runs as its own delivery workflow (schedule, log, UI and replay as for
 * any delivery), and the next starts only once it is delivered, failed for good or cancelled.
 * Fed by signal-with-start from the event workflow's activity; before each delivery it also
 * asks the database for planned deliveries of the order whose signal has not come yet, so a
 * signal that overtook an earlier version's cannot put that version behind.
 */
export async function orderedDeliveryWorkflow(input: OrderedDeliveryInput): Promise<number> {
  const queue = new OrderedQueue(input.queue, input.seenKeys);
  let current: QueuedDelivery | null = null;
  let finished = 0;
  setHandler(enqueueSignal, (items) => {
    for (const item of items) queue.add(item);
  });
  setHandler(
    orderedStatusQuery,
    (): OrderedDeliveryView => ({
      current: current === null ? null : brief(current),
      waiting: queue.items().map(brief),
      finished: input.finishedBefore + finished,
    }),
  );
  const show = () =>
    setCurrentDetails(
      `**${input.finishedBefore + finished}** delivered or ended, **${queue.size}** waiting` +
        (current === null
          ? ''
          : `; now version ${current.version} (${current.delivery.deliveryId})`),
    );

  for (;;) {
    show();
    if (queue.size === 0) {
      const woken = await condition(() => queue.size > 0, IDLE_CLOSE);
      if (!woken) {
        await condition(allHandlersFinished);
        if (queue.size === 0) return input.finishedBefore + finished;
      }
    }
    if (finished >= DELIVERIES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof orderedDeliveryWorkflow>({
        ...input,
        queue: queue.items(),
        seenKeys: queue.recentKeys(),
        finishedBefore: input.finishedBefore + finished,
      });
    }
    for (const item of await orderedBacklog(input.subscriptionId, input.orderId)) queue.add(item);
    current = queue.take()!;
    show();
    let child = await startDeliveryChild(current.delivery);
    // A replay may come while the delivery's previous run is still closing: wait it out.
    for (
      let tries = 0;
      child === undefined && current.key.includes(':replay:') && tries < 5;
      tries++
    ) {
      await sleep('2 seconds');
      child = await startDeliveryChild(current.delivery);
    }
    // A child that fails or is terminated ends its turn like a failed delivery would.
    if (child !== undefined) await child.result().catch(() => undefined);
    current = null;
    finished += 1;
  }
}
