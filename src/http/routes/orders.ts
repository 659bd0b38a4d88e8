import { Router } from 'express';
import { NotFoundError } from '../../errors';
import { getOrder } from '../../store/orders';
import type { AppContext } from '../context';

/** `GET /v1/orders/:id`: the order as the store holds it. */
export function orderRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/v1/orders/:id', async (req, res) => {
    const stored = await getOrder(ctx.db, req.params.id);
    if (stored === undefined) throw new NotFoundError('order', req.params.id);
    res.json(stored.order);
  });
  return router;
}
