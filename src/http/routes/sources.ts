import { type Response, Router } from 'express';
import { z } from 'zod';
import { LimitReachedError, NotFoundError } from '../../errors';
import { incomingEventTypes } from '../../events/catalog';
import { objectId } from '../../events/order';
import type { SourceStatus } from '../../store/schema';
import { type NewSource, type SourceWithSecrets, sourceWithoutSecrets } from '../../store/sources';
import { newSecret } from '../../webhooks/secret';
import { AuditedChanges } from '../audited-change';
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

/**
 * The management API of incoming sources. Every change is recorded in the audit log; a shop
 * holds HOOKLINE_MAX_SOURCES_PER_SHOP sources at most.
 */
export function sourceRoutes(ctx: AppContext): Router {
  const router = Router();
  const hookUrl = (id: string) => `${ctx.config.publicUrl}/hooks/${id}`;
  const view = (source: SourceWithSecrets) => ({
    ...sourceWithoutSecrets(source),
    url: hookUrl(source.id),
  });
  const maxPerShop = ctx.config.api.maxSourcesPerShop;
  const changes = new AuditedChanges(ctx.db, ctx.logger);
  const about = (id: string, verb: string) => ({
    action: `source.${verb}`,
    resourceType: 'source' as const,
    resourceId: id,
  });
  const load = async (id: string) => {
    const source = await ctx.sources.get(id);
    if (source === undefined) throw new NotFoundError('source', id);
    return source;
  };

  router.post('/v1/sources', async (req, res) => {
    const body = validate(createSourceBody, req.body);
    const secret = newSecret();
    const created = await changes.run(res, async (stores) => {
      if ((await stores.sources.countLive(body.shopId)) >= maxPerShop) {
        throw new LimitReachedError(
          `Shop ${body.shopId} already has ${maxPerShop} sources, the most HOOKLINE_MAX_SOURCES_PER_SHOP allows; delete one first.`,
        );
      }
      const source = await stores.sources.create(body as NewSource, ctx.secrets.seal(secret));
      await stores.record({ ...about(source.id, 'created'), changes: body });
      return source;
    });
    // The only time the secret is shown; the database keeps it encrypted.
    res.status(201).json({ ...view(created), secret });
  });

  router.get('/v1/sources', async (req, res) => {
    const { limit, cursor } = validate(pageQuery, req.query);
    const page = await ctx.sources.list({ limit, after: cursor });
    res.json({ data: page.data.map(view), next: page.next });
  });

  router.get('/v1/sources/:id', async (req, res) => {
    res.json(view(await load(req.params.id)));
  });

  /** Sets the status of a source that exists, with its audit row. */
  const setStatus = async (res: Response, id: string, status: SourceStatus, verb: string) => {
    await load(id);
    return changes.run(res, async (stores) => {
      const source = await stores.sources.setStatus(id, status);
      await stores.record({ ...about(id, verb), changes: { status } });
      return source;
    });
  };

  router.post('/v1/sources/:id/disable', async (req, res) => {
    res.json(view((await setStatus(res, req.params.id, 'disabled', 'disabled'))!));
  });

  router.post('/v1/sources/:id/enable', async (req, res) => {
    res.json(view((await setStatus(res, req.params.id, 'active', 'enabled'))!));
  });

  router.delete('/v1/sources/:id', async (req, res) => {
    await setStatus(res, req.params.id, 'deleted', 'deleted');
    res.status(204).end();
  });

  router.post('/v1/sources/:id/rotate-secret', async (req, res) => {
    await load(req.params.id);
    const secret = newSecret();
    const rotated = await changes.run(res, async (stores) => {
      const source = (await stores.sources.rotateSecret(req.params.id, ctx.secrets.seal(secret)))!;
      await stores.record({
        ...about(req.params.id, 'secret_rotated'),
        changes: { previousSecretExpiresAt: source.previousSecretExpiresAt },
      });
      return source;
    });
    res.json({
      ...view(rotated),
      secret,
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
