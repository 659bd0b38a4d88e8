import { z } from 'zod';
import { errors } from '../error-responses';
import { toInlineSchema } from '../json-schema';
import { answer, jsonBody, pathParameter } from '../operation-parts';
import type { Paths } from '../types';

const tags = ['Service'];
const text = () => ({ schema: toInlineSchema(z.string(), 'output') });

/**
 * Health, metrics, the Temporal UI's codec and this reference: none needs the management
 * token; the codec takes a token of its own.
 */
export function servicePaths(): Paths {
  const codec = (direction: 'encode' | 'decode', tokenInPath: boolean) => ({
    post: {
      operationId: `codec${direction === 'encode' ? 'Encode' : 'Decode'}${tokenInPath ? 'WithPathToken' : ''}`,
      tags,
      summary: `The Temporal UI's remote codec: ${direction} payloads`,
      description:
        (direction === 'decode'
          ? 'Decrypts `binary/encrypted` payloads with the configured keys; others pass unchanged. '
          : 'Encrypts payloads with the first configured key (unchanged when ' +
            '`HOOKLINE_PAYLOAD_ENCRYPTION` is off). ') +
        (tokenInPath
          ? 'The codec token is the path segment: give the Temporal UI `<public url>/codec/<token>` as its codec endpoint. '
          : 'Needs the codec token (`HOOKLINE_CODEC_TOKEN`) as a bearer token, not the management token. ') +
        'Browsers may call it from the origins in `HOOKLINE_CODEC_CORS_ORIGINS`.',
      security: [],
      ...(tokenInPath ? { parameters: [pathParameter('token', 'The codec token.')] } : {}),
      requestBody: jsonBody('CodecPayloads'),
      responses: {
        '200': answer('The payloads, in the order given.', 'CodecResult'),
        ...errors(
          'BadRequest',
          'Unauthorized',
          'BodyTooLarge',
          'UnsupportedMediaType',
          'ValidationFailed',
        ),
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
    '/codec/encode': codec('encode', false),
    '/codec/decode': codec('decode', false),
    '/codec/{token}/encode': codec('encode', true),
    '/codec/{token}/decode': codec('decode', true),
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
