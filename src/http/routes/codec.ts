import { createHash, timingSafeEqual } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import express, { type Request, type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { CodecTokenError, ValidationError } from '../../errors';
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
type JsonPayload = z.infer<typeof codecPayloads>['payloads'][number];

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

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Accepts the codec token in the path (`/codec/<token>/decode`: the Temporal UI appends
 * `/decode` to the endpoint it is given and sends no token of its own) or as a bearer token
 * (scripts, `temporal --codec-auth`). Compared as SHA-256 digests with `timingSafeEqual`, so
 * neither length nor content shows in the time.
 */
function requireCodecToken(token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  const matches = (offered: string | undefined) =>
    offered !== undefined && expected !== undefined && timingSafeEqual(digest(offered), expected);
  const bearer = (req: Request) => /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  return (req, _res, next) => {
    const inPath = req.params.token as string | undefined;
    next(
      matches(inPath) || (inPath === undefined && matches(bearer(req)))
        ? undefined
        : new CodecTokenError(),
    );
  };
}

const toPayload = (json: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(json.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
  ),
  ...(json.data === undefined ? {} : { data: Buffer.from(json.data, 'base64') }),
});

const toJson = (payload: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value).toString('base64'),
    ]),
  ),
  ...(payload.data == null ? {} : { data: Buffer.from(payload.data).toString('base64') }),
});

/**
 * The codec endpoint of the Temporal UI (`POST /codec/encode` and `/codec/decode`, the remote
 * codec protocol), running the same codec as hookline's clients and workers: decode decrypts,
 * encode encrypts (unless HOOKLINE_PAYLOAD_ENCRYPTION is off). A payload that does not decode
 * (unknown key, altered bytes) is refused with 422 naming its index; nothing is half answered.
 */
export function codecRoutes(ctx: AppContext): Router {
  const router = Router();
  const json = express.json({ limit: ctx.config.maxBodyBytes * 4 });
  const auth = requireCodecToken(ctx.codecToken);
  router.use('/codec', cors(ctx.config.codecCorsOrigins));
  for (const direction of ['encode', 'decode'] as const) {
    const handler: RequestHandler = async (req, res) => {
      const { payloads } = validate(codecPayloads, req.body);
      const answered: JsonPayload[] = [];
      for (const [index, payload] of payloads.entries()) {
        try {
          const [result] = await ctx.codec[direction]([toPayload(payload)]);
          answered.push(toJson(result!));
        } catch (error) {
          throw new ValidationError(
            [{ path: `payloads.${index}`, message: (error as Error).message }],
            `A payload could not be ${direction}d.`,
          );
        }
      }
      res.json({ payloads: answered });
    };
    router.post(`/codec/${direction}`, auth, json, handler);
    router.post(`/codec/:token/${direction}`, auth, json, handler);
  }
  return router;
}
