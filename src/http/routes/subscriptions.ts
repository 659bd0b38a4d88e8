import { Router } from 'express';
import { z } from 'zod';
import { LimitReachedError, NotFoundError, ValidationError } from '../../errors';
import { eventType } from '../../events/catalog';
import { objectId } from '../../events/order';
import { assertFilterFits, filterExpression } from '../../filters';
import { withoutSecrets } from '../../store/subscriptions';
import { newSecret } from '../../webhooks/secret';
import { isAllowedHost } from '../../webhooks/allowed-hosts';
import { type LookupAll, systemLookupAll } from '../../webhooks/public-host';
import { AuditedChanges, type ChangeStores } from '../audited-change';
import type { AppContext } from '../context';
import { SubscriptionActions } from '../subscription-actions';
import { assertPublicTarget } from '../public-target';
import { validate } from '../validate';
import { pageQuery } from './paging';

const MAX_TIMEOUT_MS = 60_000;
const MAX_HORIZON_MS = 30 * 24 * 60 * 60 * 1000;
/** The largest rate limit and in-flight limit; beyond it a limit protects no subscriber. */
const MAX_THROTTLE_LIMIT = 1000;

/**
 * A target URL: HTTPS, or any scheme's host on the configured allow-list. zod runs the
 * refinements even after `z.url()` refused the text, so they leave unreadable text to it.
 */
function targetUrl(allowedHosts: string[]) {
  return z
    .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
    .max(2048)
    .refine(
      (text) => {
        if (!URL.canParse(text)) return true;
        const url = new URL(text);
        return url.protocol === 'https:' || isAllowedHost(allowedHosts, url.hostname, url.port);
      },
      { message: 'must use https (only hosts in HOOKLINE_ALLOWED_HOSTS may use http)' },
    )
    .refine(
      (text) => {
        if (!URL.canParse(text)) return true;
        const url = new URL(text);
        return url.username === '' && url.password === '';
      },
      { message: 'must not contain credentials' },
    );
}

function subscriptionFields(allowedHosts: string[]) {
  return {
    url: targetUrl(allowedHosts),
    eventTypes: z
      .array(eventType)
      .min(1)
      .refine((types) => new Set(types).size === types.length, 'must not repeat a type'),
    shopId: objectId.optional(),
    description: z.string().max(500).optional(),
    timeoutMs: z.number().int().min(1000).max(MAX_TIMEOUT_MS).optional(),
    retryHorizonMs: z.number().int().min(60_000).max(MAX_HORIZON_MS).optional(),
    appId: objectId.optional(),
    filter: filterExpression.nullable().optional(),
    ordering: z.enum(['none', 'order']).optional(),
    rateLimitPerSecond: z.number().int().min(1).max(MAX_THROTTLE_LIMIT).nullable().optional(),
    maxInFlight: z.number().int().min(1).max(MAX_THROTTLE_LIMIT).nullable().optional(),
  };
}

/** The bodies that create and change a subscription; URLs must pass the `allowedHosts` rule. */
export function subscriptionBodies(allowedHosts: string[]) {
  const fields = subscriptionFields(allowedHosts);
  return {
    createSubscriptionBody: z.object(fields).strict(),
    patchSubscriptionBody: z
      .object(fields)
      .partial()
      .strict()
      .refine((body) => Object.keys(body).length > 0, 'must change at least one field'),
  };
}

export const testBody = z.object({ type: eventType.default('ORDER_CREATED') }).strict();

export const replayBody = z
  .object({
    status: z.enum(['failed', 'delivered', 'cancelled']).default('failed'),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export interface SubscriptionRouteDeps {
  /** Resolves the hosts of subscription URLs; the operating system's resolver by default. */
  lookupAll?: LookupAll;
}

/**
 * The management API of subscriptions: CRUD, pause, resume, rotate-secret, replay. A URL that
 * is created or changed must, beyond its schema, resolve to public addresses only (no SSRF).
 * Every change is recorded in the audit log; a shop holds HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP
 * at most, and the subscriptions without a shop (they receive every shop's events) share one
 * such bucket.
 */
export function subscriptionRoutes(ctx: AppContext, deps: SubscriptionRouteDeps = {}): Router {
  const router = Router();
  const { allowedHosts } = ctx.config.delivery;
  const { createSubscriptionBody, patchSubscriptionBody } = subscriptionBodies(allowedHosts);
  const lookupAll = deps.lookupAll ?? systemLookupAll;
  const maxPerShop = ctx.config.api.maxSubscriptionsPerShop;
  const changes = new AuditedChanges(ctx.db, ctx.logger);
  const actions = new SubscriptionActions(ctx);
  const about = (id: string, verb: string) => ({
    action: `subscription.${verb}`,
    resourceType: 'subscription' as const,
    resourceId: id,
  });

  const load = (id: string) => actions.load(id);

  /** @throws LimitReachedError when the shop (or the bucket without one) is full. */
  const assertRoomFor = async (stores: ChangeStores, shopId: string | null) => {
    if ((await stores.subscriptions.countLive(shopId)) < maxPerShop) return;
    const bucket = shopId === null ? 'Subscriptions without a shopId' : `Shop ${shopId}`;
    throw new LimitReachedError(
      `${bucket} already has ${maxPerShop} subscriptions, the most HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP allows; delete one first.`,
    );
  };

  router.post('/v1/subscriptions', async (req, res) => {
    const body = validate(createSubscriptionBody, req.body);
    assertFilterFits(body.filter, body.eventTypes);
    await assertPublicTarget(body.url, allowedHosts, lookupAll);
    const secret = newSecret();
    const created = await changes.run(res, async (stores) => {
      await assertRoomFor(stores, body.shopId ?? null);
      const subscription = await stores.subscriptions.create(body, ctx.secrets.seal(secret));
      await stores.record({ ...about(subscription.id, 'created'), changes: body });
      return subscription;
    });
    // The only time the secret is shown; the database keeps it encrypted.
    res.status(201).json({ ...withoutSecrets(created), secret });
  });

  router.get('/v1/subscriptions', async (req, res) => {
    const { limit, cursor } = validate(pageQuery, req.query);
    const page = await ctx.subscriptions.list({ limit, after: cursor });
    res.json({ data: page.data.map(withoutSecrets), next: page.next });
  });

  router.get('/v1/subscriptions/:id', async (req, res) => {
    res.json(withoutSecrets(await load(req.params.id)));
  });

  router.patch('/v1/subscriptions/:id', async (req, res) => {
    const body = validate(patchSubscriptionBody, req.body);
    const current = await load(req.params.id);
    if (body.filter !== undefined || body.eventTypes !== undefined) {
      const filter = body.filter === undefined ? current.filter : body.filter;
      assertFilterFits(filter, body.eventTypes ?? current.eventTypes);
    }
    if (body.url !== undefined) await assertPublicTarget(body.url, allowedHosts, lookupAll);
    const updated = await changes.run(res, async (stores) => {
      if (body.shopId !== undefined && body.shopId !== current.shopId) {
        await assertRoomFor(stores, body.shopId);
      }
      const subscription = await stores.subscriptions.update(req.params.id, body);
      if (subscription === undefined) throw new NotFoundError('subscription', req.params.id);
      await stores.record({ ...about(subscription.id, 'updated'), changes: body });
      return subscription;
    });
    res.json(withoutSecrets(updated));
  });

  router.delete('/v1/subscriptions/:id', async (req, res) => {
    await load(req.params.id);
    await changes.run(res, async (stores) => {
      await stores.subscriptions.setStatus(req.params.id, 'deleted');
      await stores.record({ ...about(req.params.id, 'deleted'), changes: { status: 'deleted' } });
    });
    await ctx.control.cancelOpen(req.params.id);
    res.status(204).end();
  });

  router.post('/v1/subscriptions/:id/pause', async (req, res) => {
    const paused = await actions.pause(res, req.params.id, 'paused by operator');
    res.json(withoutSecrets(paused));
  });

  router.post('/v1/subscriptions/:id/resume', async (req, res) => {
    const { subscription, released } = await actions.resume(res, req.params.id);
    res.json({ ...withoutSecrets(subscription), released });
  });

  router.post('/v1/subscriptions/:id/rotate-secret', async (req, res) => {
    const { subscription: rotated, secret } = await actions.rotateSecret(res, req.params.id);
    res.json({
      ...withoutSecrets(rotated),
      secret,
      previousSecretExpiresAt: rotated.previousSecretExpiresAt,
    });
  });

  router.post('/v1/subscriptions/:id/test', async (req, res) => {
    const { type } = validate(testBody, req.body ?? {});
    res.status(202).json(await actions.sendTest(res, req.params.id, type));
  });

  router.post('/v1/subscriptions/:id/replay', async (req, res) => {
    const body = validate(replayBody, req.body ?? {});
    if (body.since !== undefined && body.until !== undefined && body.since >= body.until) {
      throw new ValidationError([{ path: 'until', message: 'must be after since' }]);
    }
    await load(req.params.id);
    const started = await ctx.control.replayMany({ subscriptionId: req.params.id, ...body });
    await changes.recordDone(res, {
      ...about(req.params.id, 'replayed'),
      changes: { ...body, started },
    });
    res.status(202).json({ started });
  });

  return router;
}
