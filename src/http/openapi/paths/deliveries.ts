import { deliveryChangesQuery, deliveryListQuery } from '../../routes/deliveries';
import { errors } from '../error-responses';
import { answer, pathParameter, queryParameters } from '../operation-parts';
import type { Paths } from '../types';

const tags = ['Deliveries'];

/** The delivery log: per subscription, as a feed of changes, one by one, and its replay. */
export function deliveryPaths(): Paths {
  return {
    '/v1/subscriptions/{id}/deliveries': {
      get: {
        operationId: 'listSubscriptionDeliveries',
        tags,
        summary: "List a subscription's deliveries with their attempts",
        description:
          'Newest first; `status` narrows the list to one status. A `filtered` delivery was ' +
          "kept back by the subscription's filter and says why in `statusReason`.",
        parameters: [
          pathParameter('id', 'The subscription id.'),
          ...queryParameters(deliveryListQuery),
        ],
        responses: {
          '200': answer('One page of deliveries.', 'DeliveryWithAttemptsList'),
          ...errors('Unauthorized', 'NotFound', 'ValidationFailed'),
        },
      },
    },
    '/v1/deliveries': {
      get: {
        operationId: 'listDeliveryChanges',
        tags,
        summary: 'Follow changes to deliveries of every subscription',
        description:
          'Deliveries changed after `since` (or after the place `cursor` names), oldest change ' +
          'first, without their attempts. Pass `next` as the following `cursor` to keep ' +
          'following: no change is skipped or repeated, even when several share a millisecond. ' +
          'A change is listed one second after it was made, so that a transaction that commits ' +
          'late is not passed over.',
        parameters: queryParameters(deliveryChangesQuery),
        responses: {
          '200': answer('Changed deliveries.', 'DeliveryChanges'),
          ...errors('Unauthorized', 'ValidationFailed'),
        },
      },
    },
    '/v1/deliveries/{id}': {
      get: {
        operationId: 'getDelivery',
        tags,
        summary: 'Read a delivery with its attempts',
        parameters: [pathParameter('id', 'The delivery id.')],
        responses: {
          '200': answer('The delivery.', 'DeliveryWithAttempts'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/v1/deliveries/{id}/retry': {
      post: {
        operationId: 'retryDelivery',
        tags,
        summary: 'Replay one finished delivery',
        description:
          'Sends it again with the same `webhook-id` and a fresh schedule; attempt numbers go ' +
          'on. A delivery in progress, or one kept back by a filter, answers 409.',
        parameters: [pathParameter('id', 'The delivery id.')],
        responses: {
          '202': answer('Started again; the delivery as it now stands.', 'Delivery'),
          ...errors('Unauthorized', 'NotFound', 'Conflict', 'Unavailable'),
        },
      },
    },
  };
}
