import { Router } from 'express';
import { NotFoundError } from '../../errors';
import { objectId } from '../../events/order';
import { getOrder, listOrders, type StoredOrder } from '../../store/orders';
import type { AppContext } from '../context';
import { validate } from '../validate';
import { pageQuery } from './paging';

export const orderListQuery = pageQuery.extend({ shopId: objectId });

/** The order as the store holds it, with who changed it last (`shop` or a source id). */
function view(stored: StoredOrder) {
  return { ...stored.order, lastChangedBy: stored.changedBy, storedAt: stored.updatedAt };
}

/** `GET /v1/orders/:id` and `GET /v1/orders?shopId=`: the order store. */
export function orderRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/v1/orders', async (req, res) => {
    const query = validate(orderListQuery, req.query);
    const page = await listOrders(ctx.db, {
      shopId: query.shopId,
      limit: query.limit,
      after: query.cursor,
    });
    res.json({ data: page.data.map(view), next: page.next });
  });
  router.get('/v1/orders/:id', async (req, res) => {
    const stored = await getOrder(ctx.db, req.params.id);
    if (stored === undefined) throw new NotFoundError('order', req.params.id);
    res.json(view(stored));
  });
  return router;
}
