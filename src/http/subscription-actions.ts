import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { NotFoundError } from '../errors';
import type { EventType } from '../events/catalog';
import { eventExamples } from '../events/examples';
import { deliveryId } from '../ids';
import type { Delivery } from '../store/deliveries';
import type { SubscriptionWithSecrets } from '../store/subscriptions';
import { newSecret } from '../webhooks/secret';
import { AuditedChanges } from './audited-change';
import type { AppContext } from './context';

const about = (id: string, verb: string) => ({
  action: `subscription.${verb}`,
  resourceType: 'subscription' as const,
  resourceId: id,
});

/**
 * The changes a subscription's owner may make, shared by every door that offers them (the
 * management API and the subscriber portal), so each does the same and is audited the same
 * way. The actor recorded is the one the door put on `res`.
 */
export class SubscriptionActions {
  private readonly changes: AuditedChanges;

  constructor(private readonly ctx: AppContext) {
    this.changes = new AuditedChanges(ctx.db, ctx.logger);
  }

  /** @throws NotFoundError when there is no such live subscription. */
  async load(id: string): Promise<SubscriptionWithSecrets> {
    const subscription = await this.ctx.subscriptions.get(id);
    if (subscription === undefined) throw new NotFoundError('subscription', id);
    return subscription;
  }

  /** Holds the subscription's deliveries; each notices at its next attempt. */
  async pause(res: Response, id: string, reason: string): Promise<SubscriptionWithSecrets> {
    await this.load(id);
    const paused = await this.changes.run(res, async (stores) => {
      const subscription = await stores.subscriptions.setStatus(id, 'paused', reason);
      await stores.record({ ...about(id, 'paused'), changes: { status: 'paused' } });
      return subscription;
    });
    return paused!;
  }

  /**
   * Activates the subscription, then signals its open deliveries to attempt again.
   * @throws what Temporal throws for a signal; the status is then already active.
   */
  async resume(res: Response, id: string) {
    await this.load(id);
    const resumed = await this.changes.run(res, async (stores) => {
      const subscription = await stores.subscriptions.setStatus(id, 'active');
      await stores.record({ ...about(id, 'resumed'), changes: { status: 'active' } });
      return subscription;
    });
    const released = await this.ctx.control.releaseOpen(id);
    return { subscription: resumed!, released };
  }

  /**
   * A new secret; the old one keeps signing beside it for 24 hours. The new secret is returned
   * in the clear this once and stored encrypted; secrets are not audited.
   */
  async rotateSecret(
    res: Response,
    id: string,
  ): Promise<{ subscription: SubscriptionWithSecrets; secret: string }> {
    await this.load(id);
    const secret = newSecret();
    const subscription = await this.changes.run(res, async (stores) => {
      const rotated = (await stores.subscriptions.rotateSecret(id, this.ctx.secrets.seal(secret)))!;
      await stores.record({
        ...about(id, 'secret_rotated'),
        changes: { previousSecretExpiresAt: rotated.previousSecretExpiresAt },
      });
      return rotated;
    });
    return { subscription, secret };
  }

  /**
   * Publishes the catalog's example of `type` to this subscription alone; answers once
   * Temporal has the start.
   */
  async sendTest(res: Response, id: string, type: EventType) {
    await this.load(id);
    const eventId = `evt_test_${randomUUID().replaceAll('-', '')}`;
    await this.ctx.publisher.publish({ id: eventId, type, data: eventExamples[type] }, 'test', {
      testSubscriptionId: id,
      door: 'test',
    });
    await this.changes.recordDone(res, { ...about(id, 'tested'), changes: { type, eventId } });
    return { eventId, deliveryId: deliveryId(eventId, id) };
  }

  /**
   * Starts one finished delivery again.
   * @throws ConflictError and NotFoundError as `DeliveryControl.replay` does.
   */
  async retryDelivery(res: Response, delivery: Delivery): Promise<void> {
    await this.ctx.control.replay(delivery);
    await this.changes.recordDone(res, {
      action: 'delivery.retried',
      resourceType: 'delivery',
      resourceId: delivery.id,
      changes: { subscriptionId: delivery.subscriptionId, eventId: delivery.eventId },
    });
  }
}
