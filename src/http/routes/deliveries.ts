import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors';
import { AuditedChanges } from '../audited-change';
import { deliveryStatuses } from '../../store/deliveries';
import type { AppContext } from '../context';
import { validate } from '../validate';
import { pageQuery } from './paging';

export const deliveryChangesQuery = z.object({
  since: z.iso.datetime({ offset: true }).default('1970-01-01T00:00:00.000Z'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const deliveryListQuery = pageQuery.extend({
  status: z.enum(deliveryStatuses).optional(),
});

/** The delivery log of a subscription, and the replay of one delivery. */
export function deliveryRoutes(ctx: AppContext): Router {
  const router = Router();
  const changes = new AuditedChanges(ctx.db, ctx.logger);

  router.get('/v1/subscriptions/:id/deliveries', async (req, res) => {
    const query = validate(deliveryListQuery, req.query);
    if ((await ctx.subscriptions.get(req.params.id)) === undefined) {
      throw new NotFoundError('subscription', req.params.id);
    }
    const page = await ctx.deliveries.listForSubscription({
      subscriptionId: req.params.id,
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    });
    const attempts = await ctx.deliveries.attempts(page.data.map((d) => d.id));
    res.json({
      data: page.data.map((d) => ({ ...d, attempts: attempts.get(d.id) ?? [] })),
      next: page.next,
    });
  });

  router.get('/v1/deliveries', async (req, res) => {
    const query = validate(deliveryChangesQuery, req.query);
    const since = new Date(query.since).toISOString();
    const data = await ctx.deliveries.changedSince({ since, limit: query.limit });
    res.json({ data, next: data.at(-1)?.updatedAt ?? null });
  });

  router.get('/v1/deliveries/:id', async (req, res) => {
    const delivery = await ctx.deliveries.get(req.params.id);
    if (delivery === undefined) throw new NotFoundError('delivery', req.params.id);
    const attempts = await ctx.deliveries.attempts([delivery.id]);
    res.json({ ...delivery, attempts: attempts.get(delivery.id) ?? [] });
  });

  router.post('/v1/deliveries/:id/retry', async (req, res) => {
    const delivery = await ctx.deliveries.get(req.params.id);
    if (delivery === undefined) throw new NotFoundError('delivery', req.params.id);
    await ctx.control.replay(delivery);
    await changes.recordDone(res, {
      action: 'delivery.retried',
      resourceType: 'delivery',
      resourceId: delivery.id,
      changes: { subscriptionId: delivery.subscriptionId, eventId: delivery.eventId },
    });
    res.status(202).json({ ...delivery, status: 'pending', nextAttemptAt: null });
  });

  return router;
}
