import { z } from 'zod';
import { SCHEMAS_PATH, toInlineSchema } from './json-schema';
import type { Reference, Response } from './types';

interface ErrorAnswer {
  status: number;
  description: string;
  /** The answer carries `Retry-After`, in seconds. */
  retryAfter?: boolean;
}

/**
 * Every error answer hookline gives, named once and referenced from the operations. Each
 * answers the `Error` body; the `code` in it is named in the description.
 */
const errorAnswers = {
  BadRequest: {
    status: 400,
    description:
      'The body is not valid JSON (`malformed_json`), it was cut off (`request_aborted`), or ' +
      'a header is malformed (`bad_request`).',
  },
  Unauthorized: {
    status: 401,
    description: 'The bearer token is missing or wrong (`unauthorized`).',
  },
  InvalidSignature: {
    status: 401,
    description:
      'Unknown source, missing or wrong signature, or a `webhook-timestamp` more than 5 minutes ' +
      'off (`invalid_signature`). The answer deliberately says no more.',
  },
  Forbidden: {
    status: 403,
    description:
      'The source is disabled (`source_disabled`), or it may not send this type or change ' +
      'this shop (`forbidden`).',
  },
  InsufficientScope: {
    status: 403,
    description: "The token's scope does not allow this request (`insufficient_scope`).",
  },
  NotFound: { status: 404, description: 'No such resource (`not_found`).' },
  Conflict: {
    status: 409,
    description: 'The delivery is still in progress and cannot be replayed yet (`conflict`).',
  },
  LimitReached: {
    status: 409,
    description:
      'The shop already has as many subscriptions or sources as allowed (`limit_reached`); ' +
      'the message names the variable.',
  },
  BodyTooLarge: {
    status: 413,
    description: 'The body is larger than `HOOKLINE_MAX_BODY_BYTES` (`body_too_large`).',
  },
  UnsupportedMediaType: {
    status: 415,
    description:
      'The body is not sent as `application/json` (`unsupported_media_type`), or in an ' +
      'encoding or charset hookline does not read (`unsupported_encoding`).',
  },
  ValidationFailed: {
    status: 422,
    description: 'Fields are invalid (`validation_failed`); `details` names each one.',
  },
  RateLimited: {
    status: 429,
    description: 'More webhooks per second than `HOOKLINE_SOURCE_RATE_LIMIT` (`rate_limited`).',
    retryAfter: true,
  },
  Unavailable: {
    status: 503,
    description:
      'Temporal is not reachable (`unavailable`); nothing was accepted and a retry is safe.',
    retryAfter: true,
  },
} satisfies Record<string, ErrorAnswer>;

export type ErrorName = keyof typeof errorAnswers;

/** The `components.responses` section: one entry per error answer. */
export function errorResponseComponents(): Record<string, Response> {
  return Object.fromEntries(
    Object.entries(errorAnswers).map(([name, answer]: [string, ErrorAnswer]) => [
      name,
      {
        description: answer.description,
        ...(answer.retryAfter === true && {
          headers: {
            'retry-after': {
              description: 'Seconds to wait before trying again.',
              schema: toInlineSchema(z.number().int().min(1), 'output'),
            },
          },
        }),
        content: { 'application/json': { schema: { $ref: `${SCHEMAS_PATH}Error` } } },
      },
    ]),
  );
}

/**
 * References to the named error answers, keyed by their status codes.
 * @throws Error when two of them share a status: one operation has one answer per status.
 */
export function errors(...names: ErrorName[]): Record<string, Reference> {
  const byStatus: Record<string, Reference> = {};
  for (const name of names) {
    const status = String(errorAnswers[name].status);
    if (status in byStatus) throw new Error(`two error answers for status ${status}`);
    byStatus[status] = { $ref: `#/components/responses/${name}` };
  }
  return byStatus;
}
