import { z } from 'zod';
import { errors } from '../error-responses';
import { toInlineSchema } from '../json-schema';
import { answer, jsonBody } from '../operation-parts';
import type { Paths } from '../types';

const tags = ['Service'];
const text = () => ({ schema: toInlineSchema(z.string(), 'output') });

/** Health, metrics, the Temporal UI's codec and this reference: none needs a token. */
export function servicePaths(): Paths {
  const codec = (direction: 'encode' | 'decode') => ({
    post: {
      operationId: `codec${direction === 'encode' ? 'Encode' : 'Decode'}`,
      tags,
      summary: `The Temporal UI's remote codec: ${direction} payloads`,
      description:
        'Payloads are plain JSON today, so both directions answer them unchanged. Browsers ' +
        'may call it from the origins in `HOOKLINE_CODEC_CORS_ORIGINS`.',
      security: [],
      requestBody: jsonBody('CodecPayloads'),
      responses: {
        '200': answer('The payloads.', 'CodecResult'),
        ...errors('BadRequest', 'BodyTooLarge', 'UnsupportedMediaType', 'ValidationFailed'),
      },
    },
  });
  return {
    '/healthz': {
      get: {
        operationId: 'liveness',
        tags,
        summary: 'Liveness: the process answers',
        security: [],
        responses: { '200': answer('Alive.', 'Liveness') },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readiness',
        tags,
        summary: 'Readiness: the database and Temporal answer',
        security: [],
        responses: {
          '200': answer('Ready.', 'Readiness'),
          '503': answer('The database or Temporal is down; see which.', 'Readiness'),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        tags,
        summary: 'Prometheus metrics',
        security: [],
        responses: {
          '200': {
            description: 'The Prometheus text exposition format.',
            content: { 'text/plain': text() },
          },
        },
      },
    },
    '/codec/encode': codec('encode'),
    '/codec/decode': codec('decode'),
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        tags,
        summary: 'This document',
        security: [],
        responses: {
          '200': {
            description: 'The OpenAPI 3.1 document, generated at start-up from the zod schemas.',
            content: {
              'application/json': {
                schema: toInlineSchema(z.record(z.string(), z.unknown()), 'output'),
              },
            },
          },
        },
      },
    },
    '/docs': {
      get: {
        operationId: 'apiReference',
        tags,
        summary: 'This document as a readable page',
        security: [],
        responses: {
          '301': answer('Redirects to `/docs/`, where the page and its assets are served.'),
          '200': {
            description: 'An HTML page; its scripts and styles are served by hookline itself.',
            content: { 'text/html': text() },
          },
        },
      },
    },
  };
}
