import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors';
import { incomingEventTypes } from '../../events/catalog';
import { objectId } from '../../events/order';
import { type SourceWithSecrets, sourceWithoutSecrets } from '../../store/sources';
import type { AppContext } from '../context';
import { validate } from '../validate';
import { pageQuery } from './paging';

export const createSourceBody = z
  .object({
    name: z.string().min(1).max(200),
    shopId: objectId,
    eventTypes: z
      .array(z.enum(incomingEventTypes as [string, ...string[]]))
      .min(1)
      .refine((types) => new Set(types).size === types.length, 'must not repeat a type'),
    appId: objectId.optional(),
  })
  .strict();

/** The management API of incoming sources. */
export function sourceRoutes(ctx: AppContext): Router {
  const router = Router();
  const hookUrl = (id: string) => `${ctx.config.publicUrl}/hooks/${id}`;
  const view = (source: SourceWithSecrets) => ({
    ...sourceWithoutSecrets(source),
    url: hookUrl(source.id),
  });
  const load = async (id: string) => {
    const source = await ctx.sources.get(id);
    if (source === undefined) throw new NotFoundError('source', id);
    return source;
  };

  router.post('/v1/sources', async (req, res) => {
    const body = validate(createSourceBody, req.body);
    const created = await ctx.sources.create(body as Parameters<typeof ctx.sources.create>[0]);
    res.status(201).json({ ...view(created), secret: created.secret });
  });

  router.get('/v1/sources', async (req, res) => {
    const { limit, cursor } = validate(pageQuery, req.query);
    const page = await ctx.sources.list({ limit, after: cursor });
    res.json({ data: page.data.map(view), next: page.next });
  });

  router.get('/v1/sources/:id', async (req, res) => {
    res.json(view(await load(req.params.id)));
  });

  router.post('/v1/sources/:id/disable', async (req, res) => {
    await load(req.params.id);
    res.json(view((await ctx.sources.setStatus(req.params.id, 'disabled'))!));
  });

  router.post('/v1/sources/:id/enable', async (req, res) => {
    await load(req.params.id);
    res.json(view((await ctx.sources.setStatus(req.params.id, 'active'))!));
  });

  router.delete('/v1/sources/:id', async (req, res) => {
    await load(req.params.id);
    await ctx.sources.setStatus(req.params.id, 'deleted');
    res.status(204).end();
  });

  router.post('/v1/sources/:id/rotate-secret', async (req, res) => {
    await load(req.params.id);
    const rotated = (await ctx.sources.rotateSecret(req.params.id))!;
    res.json({
      ...view(rotated),
      secret: rotated.secret,
      previousSecretExpiresAt: rotated.previousSecretExpiresAt,
    });
  });

  router.get('/v1/incoming/:eventId', async (req, res) => {
    const incoming = await ctx.incoming.get(req.params.eventId);
    if (incoming === undefined) throw new NotFoundError('incoming event', req.params.eventId);
    const published = incoming.status === 'published';
    res.json({ ...incoming, outgoingEventId: published ? incoming.eventId : null });
  });

  return router;
}
