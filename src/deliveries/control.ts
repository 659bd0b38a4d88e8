import { randomUUID } from 'node:crypto';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { DeliveryConfig } from '../config';
import {
  type DeliveryInput,
  deliveryPriority,
  deliveryStartAttributes,
  deliverySummary,
  releaseSignal,
  workflowIds,
} from '../contracts/delivery';
import { ConflictError, NotFoundError } from '../errors';
import { type EventType, orderVersion, type ShopEvent } from '../events/catalog';
import { enqueueOrdered } from './ordered-enqueue';
import { ReleasePacer } from './release-pacer';
import type { Logger } from '../logger';
import type { Db } from '../store/db';
import { type Delivery, DeliveryStore, OPEN_STATUSES } from '../store/deliveries';
import type { DeliveryStatus } from '../store/schema';
import { SubscriptionStore } from '../store/subscriptions';

/** How long a replay waits for the previous run of a finished delivery to close. */
const CLOSING_WAIT_MS = 10_000;

/** How many workflows are signalled or started at once by a bulk action. */
const BULK_CONCURRENCY = 20;

async function forEachLimited<T>(items: T[], action: (item: T) => Promise<void>): Promise<void> {
  for (let index = 0; index < items.length; index += BULK_CONCURRENCY) {
    await Promise.all(items.slice(index, index + BULK_CONCURRENCY).map(action));
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof WorkflowNotFoundError)) throw error;
}

/** Operator actions on deliveries, where the database and Temporal must agree. */
export class DeliveryControl {
  private readonly deliveries: DeliveryStore;
  private readonly subscriptions: SubscriptionStore;
  /** Paces the release signals of every resume in this process. */
  private readonly releasePacer: ReleasePacer;

  constructor(
    private readonly db: Db,
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly config: DeliveryConfig,
    private readonly logger: Logger,
  ) {
    this.deliveries = new DeliveryStore(db);
    this.subscriptions = new SubscriptionStore(db);
    this.releasePacer = new ReleasePacer(config.releasePerSec, logger);
  }

  /** Sends no more release signals; at shutdown, before the Temporal client closes. */
  stop(): void {
    this.releasePacer.stop();
  }

  /**
   * Signals every open delivery of a subscription to look at its subscription again, at most
   * `releasePerSec` a second across this process, round-robin across subscriptions, and
   * answers how many there are at once, before the signals are sent. Released all at once, a
   * long backlog would fill the Temporal server's internal queues, and every other
   * subscription's new deliveries would wait behind it there.
   */
  async releaseOpen(subscriptionId: string): Promise<number> {
    const open = await this.deliveries.find({ subscriptionId, statuses: OPEN_STATUSES });
    this.releasePacer.add(
      subscriptionId,
      open.map(
        (delivery) => () =>
          this.temporal.workflow
            .getHandle(workflowIds.delivery(delivery.eventId, subscriptionId))
            .signal(releaseSignal)
            .catch(ignoreNotFound),
      ),
    );
    return open.length;
  }

  /** Cancels every open delivery of a subscription; each records itself as cancelled. */
  async cancelOpen(subscriptionId: string): Promise<number> {
    const open = await this.deliveries.find({ subscriptionId, statuses: OPEN_STATUSES });
    await forEachLimited(open, async (delivery) => {
      const handle = this.temporal.workflow.getHandle(
        workflowIds.delivery(delivery.eventId, subscriptionId),
      );
      await handle.cancel().catch(ignoreNotFound);
      await this.deliveries.setStatus(delivery.id, 'cancelled', { nextAttemptAt: null });
    });
    return open.length;
  }

  /**
   * Starts a finished delivery again, with the same `webhook-id`, a fresh schedule and its
   * attempt numbers continuing.
   * @throws NotFoundError when the delivery or its subscription is gone.
   * @throws ConflictError when the delivery is still in progress, or was filtered out: the
   * subscription's filter decided against sending that event.
   */
  async replay(delivery: Delivery): Promise<void> {
    if (OPEN_STATUSES.includes(delivery.status)) {
      throw new ConflictError(`Delivery ${delivery.id} is still ${delivery.status}.`);
    }
    if (delivery.status === 'filtered') {
      throw new ConflictError(
        `Delivery ${delivery.id} was filtered out by its subscription's filter; it is never sent.`,
      );
    }
    const subscription = await this.subscriptions.get(delivery.subscriptionId);
    if (subscription === undefined) {
      throw new NotFoundError('subscription', delivery.subscriptionId);
    }
    const event = await this.db
      .selectFrom('events')
      .select(['shop_id', 'order_id', 'type', 'data'])
      .where('id', '=', delivery.eventId)
      .executeTakeFirst();
    if (event === undefined) throw new NotFoundError('event', delivery.eventId);
    const input: DeliveryInput = {
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      eventType: delivery.eventType as EventType,
      subscriptionId: delivery.subscriptionId,
      shopId: event.shop_id,
      orderId: event.order_id,
      retryScheduleMs: this.config.retryScheduleMs,
      retryHorizonMs: subscription.retryHorizonMs ?? this.config.retryHorizonMs,
      targetUrl: subscription.url,
    };
    const version = orderVersion({ type: event.type, data: JSON.parse(event.data) } as ShopEvent);
    const ordered = subscription.ordering === 'order' && input.orderId !== null && version !== null;
    await this.deliveries.setStatus(delivery.id, 'pending', { nextAttemptAt: null });
    try {
      // An ordered subscription's replay waits in its order's queue behind open deliveries.
      if (ordered) {
        const key = `${delivery.id}:replay:${randomUUID()}`;
        await enqueueOrdered(this.temporal, this.taskQueue, [{ key, version, delivery: input }]);
      } else {
        await this.startDelivery(input);
      }
    } catch (error) {
      await this.deliveries.setStatus(delivery.id, delivery.status);
      throw error;
    }
    this.logger.info({ deliveryId: delivery.id }, 'delivery replayed');
  }

  /**
   * Starts a delivery workflow. The database marks a delivery finished a moment before its
   * workflow closes; a start in that moment waits for the close instead of failing.
   * @throws ConflictError when a run of this delivery is still going after that wait.
   */
  private async startDelivery(input: DeliveryInput): Promise<void> {
    const workflowId = workflowIds.delivery(input.eventId, input.subscriptionId);
    const start = () =>
      this.temporal.workflow.start('deliveryWorkflow', {
        taskQueue: this.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        staticSummary: deliverySummary(input),
        typedSearchAttributes: deliveryStartAttributes(input),
        priority: deliveryPriority(input.subscriptionId),
      });
    try {
      await start();
      return;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const closing = this.temporal.workflow.getHandle(workflowId).result();
    const closed = await this.temporal
      .withDeadline(Date.now() + CLOSING_WAIT_MS, () => closing)
      .then(() => true)
      .catch(() => false);
    if (!closed) throw new ConflictError(`Delivery ${input.deliveryId} is still in progress.`);
    try {
      await start();
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      throw new ConflictError(`Delivery ${input.deliveryId} is still in progress.`);
    }
  }

  /** Replays the finished deliveries of a subscription that match; answers how many started. */
  async replayMany(options: {
    subscriptionId: string;
    status: DeliveryStatus;
    since?: string | undefined;
    until?: string | undefined;
  }): Promise<number> {
    const matches = await this.deliveries.find({ ...options, statuses: [options.status] });
    let started = 0;
    await forEachLimited(matches, async (delivery) => {
      try {
        await this.replay(delivery);
        started += 1;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    });
    return started;
  }
}
