import { Router } from 'express';
import { z } from 'zod';
import { AuditStore } from '../../store/audit';
import type { AppContext } from '../context';
import { validate } from '../validate';
import { pageQuery } from './paging';

export const auditQuery = pageQuery.extend({
  resourceId: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(64).optional(),
});

/** `GET /v1/audit-log`: the changes made through the management API, newest first. */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  const audit = new AuditStore(ctx.db);

  router.get('/v1/audit-log', async (req, res) => {
    const query = validate(auditQuery, req.query);
    res.json(await audit.list(query));
  });

  return router;
}
