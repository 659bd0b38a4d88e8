import express, { type RequestHandler } from 'express';
import { HooklineError } from '../errors';
import { metrics } from '../metrics/metrics';
import { ADMIN_TOKEN_NAME } from '../config';
import { requireToken } from './auth';
import type { AppContext } from './context';
import { errorHandler } from './error-handler';
import { apiReferenceRoutes } from './openapi/routes';
import { assignRequestId } from './request-id';
import { auditRoutes } from './routes/audit';
import { codecRoutes } from './routes/codec';
import { deliveryRoutes } from './routes/deliveries';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { orderRoutes } from './routes/orders';
import { receiverRoutes } from './routes/receiver';
import { sourceRoutes } from './routes/sources';
import { subscriptionRoutes } from './routes/subscriptions';
import { portalLinkRoutes } from './routes/portal-links';
import { portalRoutes } from '../portal/routes';

/** Bodies of the management API must be JSON; anything else is refused before parsing. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) {
    next(new HooklineError(415, 'unsupported_media_type', 'Send the body as application/json.'));
    return;
  }
  next();
};

/** The HTTP application: management API, publishing door, health, metrics and API reference. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(assignRequestId);
  app.use(healthRoutes(ctx));
  app.use('/hooks', (_req, res, next) => {
    res.on('finish', () => metrics.receiverResponses.inc({ status: String(res.statusCode) }));
    next();
  });
  app.use(receiverRoutes(ctx));
  app.use(codecRoutes(ctx));
  app.use(apiReferenceRoutes(ctx));
  app.use(portalRoutes(ctx));
  const tokens = [
    { name: ADMIN_TOKEN_NAME, scope: 'write' as const, token: ctx.adminToken },
    ...ctx.config.apiTokens,
  ];
  app.use('/v1', requireToken(tokens, ctx.config.api, ctx.logger));
  app.use('/v1', requireJsonBody, express.json({ limit: ctx.config.maxBodyBytes, strict: false }));
  app.use(eventRoutes(ctx));
  app.use(subscriptionRoutes(ctx));
  app.use(portalLinkRoutes(ctx));
  app.use(deliveryRoutes(ctx));
  app.use(orderRoutes(ctx));
  app.use(sourceRoutes(ctx));
  app.use(auditRoutes(ctx));
  app.use((req, _res, next) => {
    // A portal path holds its token, a credential: it is not repeated back.
    const what = req.path.startsWith('/portal/') ? 'this page' : `${req.method} ${req.path}`;
    next(new HooklineError(404, 'not_found', `No route for ${what}.`));
  });
  app.use(errorHandler(ctx.logger));
  return app;
}
