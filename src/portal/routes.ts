import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { eventType } from '../events/catalog';
import type { AppContext } from '../http/context';
import { SubscriptionActions } from '../http/subscription-actions';
import { validate } from '../http/validate';
import type { SubscriptionWithSecrets } from '../store/subscriptions';
import { PORTAL_HEADERS } from './layout';
import { type PortalGrant, verifyPortalToken } from './link-token';
import { secretPage, subscriptionPage } from './pages';

/** The actor the audit log records for every change made through the portal. */
export const PORTAL_ACTOR = 'portal';

/** How many of a subscription's newest deliveries the page lists. */
const SHOWN_DELIVERIES = 50;

/** The sentence shown after each action; the redirect names the action, never the text. */
const NOTICES: Record<string, string> = {
  paused: 'The subscription is paused. Deliveries wait until you resume it.',
  resumed: 'The subscription is active again. Waiting deliveries are being sent.',
  tested: 'A test event was sent. Its delivery appears below; reload to follow it.',
  replayed: 'The delivery was started again. Reload to follow it.',
};

const testForm = z.object({ type: eventType }).strict();

interface PortalLocals {
  grant: PortalGrant;
  subscription: SubscriptionWithSecrets;
  token: string;
}

const portalOf = (res: Response) => res.locals.portal as PortalLocals;

/**
 * The subscriber portal: pages under `/portal/<token>`, where the token is the credential
 * and grants one subscription until it expires. Every answer carries `PORTAL_HEADERS`; every
 * refusal is an HTML page (rendered by the error handler) that tells nothing about any
 * subscription. Actions go through `SubscriptionActions`, as those of the management API do,
 * and are audited with the actor `portal`.
 */
export function portalRoutes(ctx: AppContext): Router {
  const router = Router();
  const actions = new SubscriptionActions(ctx);
  const publicOrigin = new URL(ctx.config.publicUrl).origin;
  const fromThisSite = (req: Request) => {
    const fetchSite = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host') ?? ''}`;
    return (
      (fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none') &&
      (origin === undefined || origin === 'null' || origin === ownOrigin || origin === publicOrigin)
    );
  };

  router.use('/portal', (_req, res, next) => {
    res.set(PORTAL_HEADERS);
    next();
  });

  /**
   * Checks the token, then where a form post came from, then the subscription the token names.
   * A cross-site form post cannot know the token; one is refused anyway when the browser says
   * it is cross-site (`Sec-Fetch-Site`) or names another origin. Under `no-referrer` browsers
   * send `Origin: null` for the portal's own forms, so `null` says nothing and passes.
   * @throws PortalTokenError, ForbiddenError, NotFoundError for a deleted subscription.
   */
  const grant: RequestHandler = async (req, res, next) => {
    const token = String(req.params.token);
    const found = verifyPortalToken(ctx.portalKey, token);
    if (req.method === 'POST' && !fromThisSite(req)) {
      throw new ForbiddenError('This form was sent from another site.', 'cross_origin_post');
    }
    const subscription = await actions.load(found.subscriptionId);
    res.locals.principal = { name: PORTAL_ACTOR, scope: 'write' };
    res.locals.portal = { grant: found, subscription, token };
    next();
  };
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 10 });
  const backTo = (res: Response, done: keyof typeof NOTICES) =>
    res.redirect(303, `/portal/${portalOf(res).token}?done=${done}`);

  router.get('/portal/:token', grant, async (req, res) => {
    const { grant: granted, subscription, token } = portalOf(res);
    const page = await ctx.deliveries.listForSubscription({
      subscriptionId: subscription.id,
      limit: SHOWN_DELIVERIES,
    });
    const attempts = await ctx.deliveries.attempts(page.data.map((d) => d.id));
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    res.type('html').send(
      subscriptionPage({
        token,
        subscription,
        deliveries: page.data.map((d) => ({ ...d, attempts: attempts.get(d.id) ?? [] })),
        shownLimit: SHOWN_DELIVERIES,
        expiresAt: granted.expiresAt,
        notice: Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined,
      }),
    );
  });

  router.post('/portal/:token/pause', grant, async (_req, res) => {
    await actions.pause(res, portalOf(res).subscription.id, 'paused by subscriber');
    backTo(res, 'paused');
  });

  router.post('/portal/:token/resume', grant, async (_req, res) => {
    await actions.resume(res, portalOf(res).subscription.id);
    backTo(res, 'resumed');
  });

  router.post('/portal/:token/test', grant, form, async (req, res) => {
    const { subscription } = portalOf(res);
    const { type } = validate(testForm, req.body ?? {});
    if (!subscription.eventTypes.includes(type)) {
      throw new ValidationError([
        { path: 'type', message: 'must be one of the subscription\u2019s event types' },
      ]);
    }
    await actions.sendTest(res, subscription.id, type);
    backTo(res, 'tested');
  });

  router.post('/portal/:token/rotate-secret', grant, async (_req, res) => {
    const { subscription, token } = portalOf(res);
    const { subscription: rotated, secret } = await actions.rotateSecret(res, subscription.id);
    res.type('html').send(secretPage(token, secret, rotated.previousSecretExpiresAt));
  });

  router.post('/portal/:token/deliveries/:deliveryId/replay', grant, async (req, res) => {
    const { subscription } = portalOf(res);
    const deliveryId = String(req.params.deliveryId);
    const delivery = await ctx.deliveries.get(deliveryId);
    // Another subscription's delivery is answered like one that does not exist.
    if (delivery === undefined || delivery.subscriptionId !== subscription.id) {
      throw new NotFoundError('delivery', deliveryId);
    }
    await actions.retryDelivery(res, delivery);
    backTo(res, 'replayed');
  });

  return router;
}
