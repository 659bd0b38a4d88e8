import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors';
import { decodeCursor, encodeCursor } from '../../store/deliveries';
import { deliveryStatuses } from '../../store/schema';
import type { AppContext } from '../context';
import { SubscriptionActions } from '../subscription-actions';
import { validate } from '../validate';
import { pageQuery } from './paging';

/**
 * How long after a change the feed lists it. A change is stamped before its transaction
 * commits; waiting this long lets a slow commit land before a reader passes its time.
 */
export const CHANGES_SETTLE_MS = 1000;

export const deliveryChangesQuery = z
  .object({
    since: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((query) => query.since === undefined || query.cursor === undefined, {
    message: 'give since to begin at a time, or cursor to go on from an answer, not both',
  });

const FEED_START = '1970-01-01T00:00:00.000Z';

export const deliveryListQuery = pageQuery.extend({
  status: z.enum(deliveryStatuses).optional(),
});

/** The delivery log of a subscription, and the replay of one delivery. */
export function deliveryRoutes(ctx: AppContext): Router {
  const router = Router();
  const actions = new SubscriptionActions(ctx);

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
    // A time alone sorts before every id stamped at that time, so `since` includes it.
    const after: readonly [string, string] =
      query.cursor === undefined
        ? [new Date(query.since ?? FEED_START).toISOString(), '']
        : decodeCursor(query.cursor);
    const settledBefore = new Date(Date.now() - CHANGES_SETTLE_MS).toISOString();
    const data = await ctx.deliveries.changedAfter({ after, settledBefore, limit: query.limit });
    const last = data.at(-1);
    const next =
      last === undefined ? encodeCursor(...after) : encodeCursor(last.updatedAt, last.id);
    res.json({ data, next });
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
    await actions.retryDelivery(res, delivery);
    res.status(202).json({ ...delivery, status: 'pending', nextAttemptAt: null });
  });

  return router;
}
