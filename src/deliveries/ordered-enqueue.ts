import type { Client } from '@temporalio/client';
import { deliveryPriority } from '../contracts/delivery';
import {
  enqueueSignal,
  orderedSummary,
  orderedWorkflowId,
  type OrderedDeliveryInput,
  type QueuedDelivery,
} from '../contracts/ordered';
import { searchAttributes } from '../contracts/search-attributes';

/**
 * Hands deliveries to the queues of their orders: one signal-with-start per subscription and
 * order, so a queue that is not running starts with the signal, atomically. Safe to repeat:
 * a queue ignores a key it has seen.
 * @throws when Temporal cannot be reached; callers retry (an activity) or answer 503.
 */
export async function enqueueOrdered(
  temporal: Client,
  taskQueue: string,
  items: QueuedDelivery[],
): Promise<void> {
  const groups = new Map<string, QueuedDelivery[]>();
  for (const item of items) {
    const { subscriptionId, orderId } = item.delivery;
    if (orderId === null) throw new Error(`delivery ${item.delivery.deliveryId} has no order`);
    const id = orderedWorkflowId(subscriptionId, orderId);
    groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  for (const [workflowId, group] of groups) {
    const { subscriptionId, orderId, shopId } = group[0]!.delivery;
    const input: OrderedDeliveryInput = {
      subscriptionId,
      orderId: orderId!,
      shopId,
      queue: [],
      seenKeys: [],
      finishedBefore: 0,
    };
    await temporal.workflow.signalWithStart('orderedDeliveryWorkflow', {
      workflowId,
      taskQueue,
      args: [input],
      signal: enqueueSignal,
      signalArgs: [group],
      staticSummary: orderedSummary(input),
      typedSearchAttributes: [
        { key: searchAttributes.shopId, value: shopId },
        { key: searchAttributes.subscriptionId, value: subscriptionId },
        { key: searchAttributes.orderId, value: orderId! },
      ],
      priority: deliveryPriority(subscriptionId),
    });
  }
}
