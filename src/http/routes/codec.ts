import express, { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { validate } from '../validate';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
export const codecPayloads = z
  .object({
    payloads: z
      .array(
        z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }),
      )
      .max(10_000),
  })
  .strict();

/** Lets the Temporal UI, served from another origin, call the codec from the browser. */
function cors(allowedOrigins: string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin !== undefined && allowedOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * The codec endpoint of the Temporal UI (`POST /codec/encode` and `/codec/decode`, the
 * remote codec protocol). hookline stores payloads as plain JSON today, so both directions
 * answer the payloads unchanged; the UI is already wired to the place where decryption goes.
 */
export function codecRoutes(ctx: AppContext): Router {
  const router = Router();
  const json = express.json({ limit: ctx.config.maxBodyBytes * 4 });
  router.use('/codec', cors(ctx.config.codecCorsOrigins));
  for (const direction of ['encode', 'decode']) {
    router.post(`/codec/${direction}`, json, (req, res) => {
      res.json(validate(codecPayloads, req.body));
    });
  }
  return router;
}
