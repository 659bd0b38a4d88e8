import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { AppContext } from '../context';
import { buildOpenApiDocument } from './document';

/**
 * `GET /openapi.json` and `GET /docs`, without a token. The document is built once, when the
 * app is created. The page's scripts and styles come from swagger-ui-dist in node_modules,
 * so it works on a machine without internet; it loads the document from `/openapi.json`.
 */
export function apiReferenceRoutes(ctx: AppContext): Router {
  const router = Router();
  const document = buildOpenApiDocument(ctx.config.delivery.allowedHosts);
  // Relative to the page at /docs/, like the page's own scripts and styles.
  const options = { swaggerUrl: '../openapi.json', customSiteTitle: 'hookline API reference' };

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  // The assets, and a redirect from /docs to /docs/ so that their relative URLs resolve.
  router.use('/docs', ...swaggerUi.serveFiles(undefined, options));
  router.get('/docs', swaggerUi.setup(undefined, options));
  return router;
}
