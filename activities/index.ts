import type { Client } from '@temporalio/client';
import type { Agent } from 'undici';
import type { DeliveryConfig } from '../src/config';
import type { EventWorkflowInput } from '../src/contracts/event';
import type { SecretBox } from '../src/crypto/secret-box';
import type { Logger } from '../src/logger';
import type { Db } from '../src/store/db';
import { DeliveryStore } from '../src/store/deliveries';
import { metrics } from '../src/metrics/metrics';
import type { QueuedDelivery } from '../src/contracts/ordered';
import { enqueueOrdered } from '../src/deliveries/ordered-enqueue';
import { acceptEvent } from './accept-event';
import { orderedBacklog } from './ordered-backlog';
import { type AttemptInput, attemptDelivery } from './attempt-delivery';
import { applyIncoming, markIncoming, validateIncoming } from './incoming';
import type { IncomingWorkflowInput } from '../src/contracts/incoming';
import type { IncomingStatus } from '../src/store/schema';

export interface ActivityDeps {
  db: Db;
  agent: Agent;
  delivery: DeliveryConfig;
  logger: Logger;
  /** A client on the worker's connection, for the signals that workflow code cannot send. */
  temporal: Client;
  taskQueue: string;
  secrets: SecretBox;
}

/** The activities of the worker, bound to their dependencies. All I/O happens here. */
export function createActivities(deps: ActivityDeps) {
  const userAgent = 'hookline/0.1 (+webhooks)';
  const deliveries = new DeliveryStore(deps.db);
  return {
    acceptEvent: (input: EventWorkflowInput) => acceptEvent(deps.db, deps.delivery, input),
    attemptDelivery: async (input: AttemptInput) => {
      const result = await attemptDelivery({ ...deps, userAgent }, input);
      metrics.deliveryOutcomes.inc({ outcome: result.kind });
      return result;
    },
    /** Hands deliveries to the queues of their orders (signal-with-start). */
    enqueueOrdered: (items: QueuedDelivery[]) =>
      enqueueOrdered(deps.temporal, deps.taskQueue, items),
    orderedBacklog: (subscriptionId: string, orderId: string) =>
      orderedBacklog(deps.db, deps.delivery, subscriptionId, orderId),
    validateIncoming: (input: IncomingWorkflowInput) =>
      validateIncoming(deps.db, deps.logger, input),
    applyIncoming: (input: IncomingWorkflowInput) => applyIncoming(deps.db, input),
    markIncoming: (eventId: string, status: IncomingStatus) =>
      markIncoming(deps.db, eventId, status),
    /** Records that a delivery ended because it was cancelled. */
    markDeliveryCancelled: (deliveryId: string) =>
      deliveries.setStatus(deliveryId, 'cancelled', { nextAttemptAt: null }),
    /** Records that an operator holds a delivery; it makes no attempt until released. */
    markDeliveryHeld: (deliveryId: string) =>
      deliveries.setStatus(deliveryId, 'held', { nextAttemptAt: null }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
