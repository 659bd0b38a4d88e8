import { z } from 'zod';
import { errors } from '../error-responses';
import { toInlineSchema } from '../json-schema';
import { answer, jsonBody, pathParameter } from '../operation-parts';
import type { Parameter, Paths } from '../types';

/*
 * The receiver checks these headers with the Standard Webhooks verification and a pattern of
 * its own, not with zod schemas it could export; these schemas describe the same rules.
 */
function header(name: string, schema: z.ZodType, description: string): Parameter {
  return {
    name,
    in: 'header',
    required: true,
    description,
    schema: toInlineSchema(schema, 'input'),
  };
}

const webhookHeaders = [
  header(
    'webhook-id',
    z.string().min(1).max(256),
    'The id of the message, 1 to 256 printable ASCII characters, the same on every retry. ' +
      'A repeated id from the same source is accepted again without a second event.',
  ),
  header(
    'webhook-timestamp',
    z.string().regex(/^\d+$/),
    'Unix seconds when the message was sent; refused when more than 5 minutes off.',
  ),
  header(
    'webhook-signature',
    z.string().min(1),
    '`v1,<base64 HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<raw body>">` with the ' +
      "source's secret; a space-separated list of them while a secret is rotated.",
  ),
];

/** `POST /hooks/{sourceId}`: the Standard Webhooks receiver of external apps. */
export function receiverPaths(): Paths {
  return {
    '/hooks/{sourceId}': {
      post: {
        operationId: 'receiveWebhook',
        tags: ['Receiver'],
        summary: 'Receive a webhook from an external app',
        description:
          'Signed, not authorised by a bearer token. The signature is checked on the raw ' +
          'bytes before anything else; the answer comes once the incoming workflow holds the ' +
          'event. `GET /v1/incoming/{eventId}` then tells what became of it.',
        security: [],
        parameters: [pathParameter('sourceId', 'The id of the source.'), ...webhookHeaders],
        requestBody: jsonBody('IncomingWebhook'),
        responses: {
          '202': answer(
            'Accepted, or accepted before under the same `webhook-id`.',
            'EventAccepted',
          ),
          ...errors(
            'BadRequest',
            'InvalidSignature',
            'Forbidden',
            'BodyTooLarge',
            'UnsupportedMediaType',
            'ValidationFailed',
            'RateLimited',
            'Unavailable',
          ),
        },
      },
    },
  };
}
