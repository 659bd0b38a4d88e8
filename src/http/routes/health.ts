import { Router } from 'express';
import { sql } from 'kysely';
import { register } from 'prom-client';
import type { AppContext } from '../context';

/** Liveness, readiness (database and Temporal answer) and Prometheus metrics. */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([
      sql`select 1`.execute(ctx.db),
      ctx.temporal.connection.workflowService.getSystemInfo({}),
    ]);
    const [database, temporal] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'down'));
    const ready = database === 'ok' && temporal === 'ok';
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not_ready', database, temporal });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(register.contentType).send(await register.metrics());
  });
  return router;
}
