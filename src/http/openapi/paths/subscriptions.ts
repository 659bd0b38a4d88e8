import { pageQuery } from '../../routes/paging';
import { errors } from '../error-responses';
import { answer, jsonBody, pathParameter, queryParameters } from '../operation-parts';
import type { Paths } from '../types';

const tags = ['Subscriptions'];
const id = pathParameter('id', 'The subscription id.');

/** Subscriptions: create, read, change, delete, hold and release, rotate, test, replay. */
export function subscriptionPaths(): Paths {
  return {
    '/v1/subscriptions': {
      post: {
        operationId: 'createSubscription',
        tags,
        summary: 'Subscribe an endpoint to event types',
        description:
          'The URL must use https unless its host is in `HOOKLINE_ALLOWED_HOSTS`, must not ' +
          'carry credentials, and its host must resolve to public addresses only (loopback, ' +
          'private, link-local and metadata ranges are refused here and again at every ' +
          'connection, unless allow-listed); `eventTypes` must not repeat a type. Without `shopId` the ' +
          'subscription hears every shop. Events from a source with the same `appId` are not ' +
          'sent back to it. A shop holds `HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP` subscriptions ' +
          'at most; those without `shopId` share one such bucket. ' +
          'A `filter` keeps back the events whose `data` fail its ' +
          'conditions; its paths and values must fit the event types (422 names the bad part). ' +
          '`ordering: "order"` sends the deliveries about one order one at a time, by the ' +
          "order's `version`; `rateLimitPerSecond` and `maxInFlight` (1 to 1000, or null) " +
          'throttle the subscription across all workers.',
        requestBody: jsonBody('CreateSubscription'),
        responses: {
          '201': answer(
            'Created. The signing secret is shown only here.',
            'SubscriptionWithSecret',
          ),
          ...errors('BadRequest', 'Unauthorized', 'BodyTooLarge', 'UnsupportedMediaType'),
          ...errors('ValidationFailed', 'InsufficientScope', 'LimitReached'),
        },
      },
      get: {
        operationId: 'listSubscriptions',
        tags,
        summary: 'List subscriptions',
        parameters: queryParameters(pageQuery),
        responses: {
          '200': answer('One page, in the order of their ids.', 'SubscriptionList'),
          ...errors('Unauthorized', 'ValidationFailed'),
        },
      },
    },
    '/v1/subscriptions/{id}': {
      get: {
        operationId: 'getSubscription',
        tags,
        summary: 'Read a subscription',
        parameters: [id],
        responses: {
          '200': answer('The subscription, without its secret.', 'Subscription'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
      patch: {
        operationId: 'updateSubscription',
        tags,
        summary: 'Change a subscription',
        description:
          'Send at least one field; fields left out keep their value. `filter: null` removes ' +
          'the filter; a new filter, or new event types, are checked against each other. ' +
          '`rateLimitPerSecond: null` or `maxInFlight: null` removes that limit.',
        parameters: [id],
        requestBody: jsonBody('PatchSubscription'),
        responses: {
          '200': answer('The changed subscription.', 'Subscription'),
          ...errors('BadRequest', 'Unauthorized', 'NotFound', 'BodyTooLarge'),
          ...errors('UnsupportedMediaType', 'ValidationFailed', 'InsufficientScope'),
          ...errors('LimitReached'),
        },
      },
      delete: {
        operationId: 'deleteSubscription',
        tags,
        summary: 'Delete a subscription',
        description: 'Its open deliveries are cancelled; finished ones stay in the log.',
        parameters: [id],
        responses: {
          '204': answer('Deleted.'),
          ...errors('Unauthorized', 'NotFound', 'Unavailable'),
        },
      },
    },
    '/v1/subscriptions/{id}/pause': {
      post: {
        operationId: 'pauseSubscription',
        tags,
        summary: 'Hold deliveries',
        description: 'New and retrying deliveries wait, without spending attempts, until resumed.',
        parameters: [id],
        responses: {
          '200': answer('The paused subscription.', 'Subscription'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/v1/subscriptions/{id}/resume': {
      post: {
        operationId: 'resumeSubscription',
        tags,
        summary: 'Release held deliveries',
        description: 'Activates the subscription; its open deliveries start a fresh schedule.',
        parameters: [id],
        responses: {
          '200': answer(
            'The active subscription and how many deliveries it released.',
            'SubscriptionResumed',
          ),
          ...errors('Unauthorized', 'NotFound', 'Unavailable'),
        },
      },
    },
    '/v1/subscriptions/{id}/rotate-secret': {
      post: {
        operationId: 'rotateSubscriptionSecret',
        tags,
        summary: 'Replace the signing secret',
        description:
          'Until `previousSecretExpiresAt`, deliveries carry a signature with each secret.',
        parameters: [id],
        responses: {
          '200': answer('The new secret, shown only here.', 'SubscriptionRotated'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/v1/subscriptions/{id}/test': {
      post: {
        operationId: 'testSubscription',
        tags,
        summary: 'Send an example event to this subscription only',
        description: "Publishes the catalog's example of `type` as a delivery to this endpoint.",
        parameters: [id],
        requestBody: jsonBody('TestDelivery', false),
        responses: {
          '202': answer('Started; follow the delivery by its id.', 'TestStarted'),
          ...errors('BadRequest', 'Unauthorized', 'NotFound', 'BodyTooLarge'),
          ...errors('UnsupportedMediaType', 'ValidationFailed', 'Unavailable'),
        },
      },
    },
    '/v1/subscriptions/{id}/replay': {
      post: {
        operationId: 'replayDeliveries',
        tags,
        summary: 'Replay finished deliveries in bulk',
        description:
          'Starts again every delivery in `status` (default `failed`) created in ' +
          '[`since`, `until`). A delivery still in progress is skipped, not refused.',
        parameters: [id],
        requestBody: jsonBody('Replay', false),
        responses: {
          '202': answer('Started; counts the deliveries started again.', 'ReplayStarted'),
          ...errors('BadRequest', 'Unauthorized', 'NotFound', 'BodyTooLarge'),
          ...errors('UnsupportedMediaType', 'ValidationFailed', 'Unavailable'),
        },
      },
    },
  };
}
