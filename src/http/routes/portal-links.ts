import { Router } from 'express';
import { z } from 'zod';
import { parseDurationMs } from '../../duration';
import { createPortalToken } from '../../portal/link-token';
import { AuditedChanges } from '../audited-change';
import type { AppContext } from '../context';
import { SubscriptionActions } from '../subscription-actions';
import { validate } from '../validate';

/** How long a portal link works when the request does not say. */
export const DEFAULT_PORTAL_LINK_TTL = '1h';
const MIN_TTL_MS = 60_000;
const MAX_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const portalLinkBody = z
  .object({
    expiresIn: z
      .string()
      .default(DEFAULT_PORTAL_LINK_TTL)
      .refine((text) => {
        const valueMs = parseDurationMs(text);
        return valueMs !== undefined && valueMs >= MIN_TTL_MS && valueMs <= MAX_TTL_MS;
      }, 'must be a duration from 1m to 7d, like 30m, 1h or 2d')
      .describe('How long the link works: a duration from 1m to 7d (default 1h).'),
  })
  .strict();

/**
 * Links to the subscriber portal. A link is a signed token, not a row: it cannot be revoked
 * one by one before it expires; changing HOOKLINE_PORTAL_KEY revokes every link at once.
 */
export function portalLinkRoutes(ctx: AppContext): Router {
  const router = Router();
  const actions = new SubscriptionActions(ctx);
  const changes = new AuditedChanges(ctx.db, ctx.logger);

  router.post('/v1/subscriptions/:id/portal-links', async (req, res) => {
    const { expiresIn } = validate(portalLinkBody, req.body ?? {});
    const subscription = await actions.load(req.params.id);
    const expiresAt = new Date(Date.now() + parseDurationMs(expiresIn)!);
    const token = createPortalToken(ctx.portalKey, { subscriptionId: subscription.id, expiresAt });
    // The token is a credential: the audit log keeps when the link expires, not the link.
    await changes.recordDone(res, {
      action: 'subscription.portal_link_created',
      resourceType: 'subscription',
      resourceId: subscription.id,
      changes: { expiresAt: expiresAt.toISOString() },
    });
    res.status(201).json({
      url: `${ctx.config.publicUrl}/portal/${token}`,
      expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000).toISOString(),
    });
  });

  return router;
}
