import { pageQuery } from '../../routes/paging';
import { errors } from '../error-responses';
import { answer, jsonBody, pathParameter, queryParameters } from '../operation-parts';
import type { Paths } from '../types';

const tags = ['Sources'];
const id = pathParameter('id', 'The source id.');

/** Incoming sources, and what became of each incoming event. */
export function sourcePaths(): Paths {
  return {
    '/v1/sources': {
      post: {
        operationId: 'createSource',
        tags,
        summary: 'Register an external app that sends webhooks',
        description:
          'The answer holds the URL to give the app and its signing secret, shown only here. ' +
          "Without `appId` the source's own id is its app id. A shop holds " +
          '`HOOKLINE_MAX_SOURCES_PER_SHOP` sources at most.',
        requestBody: jsonBody('CreateSource'),
        responses: {
          '201': answer('Created.', 'SourceWithSecret'),
          ...errors('BadRequest', 'Unauthorized', 'BodyTooLarge', 'UnsupportedMediaType'),
          ...errors('ValidationFailed', 'InsufficientScope', 'LimitReached'),
        },
      },
      get: {
        operationId: 'listSources',
        tags,
        summary: 'List sources',
        parameters: queryParameters(pageQuery),
        responses: {
          '200': answer('One page, in the order of their ids.', 'SourceList'),
          ...errors('Unauthorized', 'ValidationFailed'),
        },
      },
    },
    '/v1/sources/{id}': {
      get: {
        operationId: 'getSource',
        tags,
        summary: 'Read a source',
        parameters: [id],
        responses: {
          '200': answer('The source, without its secret.', 'Source'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
      delete: {
        operationId: 'deleteSource',
        tags,
        summary: 'Delete a source',
        description: 'Its URL answers 401 from then on.',
        parameters: [id],
        responses: { '204': answer('Deleted.'), ...errors('Unauthorized', 'NotFound') },
      },
    },
    '/v1/sources/{id}/disable': {
      post: {
        operationId: 'disableSource',
        tags,
        summary: 'Refuse the webhooks of a source',
        description: 'Correctly signed webhooks are answered 403 until the source is enabled.',
        parameters: [id],
        responses: {
          '200': answer('The disabled source.', 'Source'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/v1/sources/{id}/enable': {
      post: {
        operationId: 'enableSource',
        tags,
        summary: 'Accept the webhooks of a source again',
        parameters: [id],
        responses: {
          '200': answer('The active source.', 'Source'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/v1/sources/{id}/rotate-secret': {
      post: {
        operationId: 'rotateSourceSecret',
        tags,
        summary: 'Replace the signing secret of a source',
        description: 'The previous secret is accepted until `previousSecretExpiresAt` (24 hours).',
        parameters: [id],
        responses: {
          '200': answer('The new secret, shown only here.', 'SourceRotated'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/v1/incoming/{eventId}': {
      get: {
        operationId: 'getIncomingEvent',
        tags,
        summary: 'What became of an incoming event',
        description:
          '`accepted`, then `applied` to the order store or `stale` or `rejected` (see ' +
          '`reason`), and `published` to subscribers.',
        parameters: [pathParameter('eventId', 'The `eventId` the receiver answered.')],
        responses: {
          '200': answer('The incoming event.', 'IncomingEvent'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
  };
}
