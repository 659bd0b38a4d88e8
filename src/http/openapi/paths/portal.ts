import { z } from 'zod';
import { errors } from '../error-responses';
import { toInlineSchema } from '../json-schema';
import { answer, jsonBody, pathParameter } from '../operation-parts';
import type { Operation, Paths } from '../types';

const tags = ['Portal'];
const token = pathParameter('token', 'The token of a portal link; it is the credential.');
const htmlPage = (description: string) => ({
  description,
  content: { 'text/html': { schema: toInlineSchema(z.string(), 'output') } },
});
/** Refusals of the portal are HTML pages too, with the status of the refusal. */
const refusals = {
  '401': htmlPage('The link has expired.'),
  '403': htmlPage('The link is not valid, or the form came from another site.'),
  '404': htmlPage('The subscription is deleted, or the delivery is not one of its own.'),
};

function portalAction(operationId: string, summary: string, description: string): Operation {
  return {
    operationId,
    tags,
    summary,
    description,
    security: [],
    parameters: [token],
    responses: {
      '303': { description: 'Done; redirects to the portal page, which says what was done.' },
      ...refusals,
    },
  };
}

/**
 * The operator's door to the portal (a link) and the portal's own pages, which take the
 * link's token instead of the bearer token and answer HTML for browsers.
 */
export function portalPaths(): Paths {
  return {
    '/v1/subscriptions/{id}/portal-links': {
      post: {
        operationId: 'createPortalLink',
        tags: ['Subscriptions'],
        summary: 'Make a link to the subscriber portal of this subscription',
        description:
          'The link works until `expiresAt` for this subscription only, and cannot be ' +
          'revoked before; changing `HOOKLINE_PORTAL_KEY` revokes every link.',
        parameters: [pathParameter('id', 'The subscription id.')],
        requestBody: jsonBody('PortalLinkRequest', false),
        responses: {
          '201': answer('The link and when it stops working.', 'PortalLink'),
          ...errors('BadRequest', 'Unauthorized', 'NotFound', 'BodyTooLarge'),
          ...errors('UnsupportedMediaType', 'ValidationFailed', 'InsufficientScope'),
        },
      },
    },
    '/portal/{token}': {
      get: {
        operationId: 'portalPage',
        tags,
        summary: 'The subscriber portal of one subscription',
        description:
          'Its endpoint, event types and status, its newest deliveries with each attempt, and ' +
          'forms to pause or resume, send a test event, rotate the secret and replay a failed ' +
          'delivery.',
        security: [],
        parameters: [token],
        responses: { '200': htmlPage('The page.'), ...refusals },
      },
    },
    '/portal/{token}/pause': {
      post: portalAction('portalPause', 'Pause the subscription', 'Deliveries wait.'),
    },
    '/portal/{token}/resume': {
      post: portalAction('portalResume', 'Resume the subscription', 'Held deliveries go out.'),
    },
    '/portal/{token}/test': {
      post: {
        ...portalAction(
          'portalTest',
          'Send a test event',
          'A form field `type`, one of the subscription’s event types.',
        ),
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: toInlineSchema(z.object({ type: z.string() }), 'input'),
            },
          },
        },
      },
    },
    '/portal/{token}/rotate-secret': {
      post: {
        ...portalAction('portalRotateSecret', 'Rotate the signing secret', ''),
        description: 'Answers a page with the new secret, which is shown there only.',
        responses: { '200': htmlPage('The new secret.'), ...refusals },
      },
    },
    '/portal/{token}/deliveries/{deliveryId}/replay': {
      post: {
        ...portalAction(
          'portalReplay',
          'Replay a failed delivery',
          'Only a delivery of the link’s subscription; another one answers 404.',
        ),
        parameters: [token, pathParameter('deliveryId', 'The delivery id.')],
      },
    },
  };
}
