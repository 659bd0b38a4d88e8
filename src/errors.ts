import type { FieldIssue } from './events/parse';

/**
 * An error that hookline answers with a definite HTTP status. Everything else that reaches
 * the HTTP layer is unexpected: it is logged in full and answered with a generic 500.
 */
export class HooklineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
    /** Seconds the caller should wait before trying again; sent as `Retry-After`. */
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends HooklineError {
  constructor(details: FieldIssue[], message = 'The request has invalid fields.') {
    super(422, 'validation_failed', message, details);
  }
}

export class BadRequestError extends HooklineError {
  constructor(message: string, code = 'bad_request') {
    super(400, code, message);
  }
}

export class NotFoundError extends HooklineError {
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(404, 'not_found', `No ${resource} with id ${id}.`);
  }
}

export class ConflictError extends HooklineError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export class UnauthorizedError extends HooklineError {
  constructor() {
    super(401, 'unauthorized', 'A valid bearer token is required.');
  }
}

export class ForbiddenError extends HooklineError {
  constructor(message: string, code = 'forbidden') {
    super(403, code, message);
  }
}

/** A webhook whose signature, timestamp or source does not check out. Says nothing more. */
export class SignatureError extends HooklineError {
  constructor() {
    super(401, 'invalid_signature', 'The webhook signature could not be verified.');
  }
}

export class RateLimitedError extends HooklineError {
  constructor(
    retryAfterSec: number,
    message = 'Too many requests for this source; slow down.',
    code = 'rate_limited',
  ) {
    super(429, code, message, [], retryAfterSec);
  }
}

/** A valid token whose scope does not cover the request. */
export class InsufficientScopeError extends HooklineError {
  constructor(
    readonly tokenName: string,
    readonly scope: string,
    readonly neededScope: string,
    operation: string,
  ) {
    super(
      403,
      'insufficient_scope',
      `The token "${tokenName}" has scope ${scope}; ${operation} needs scope ${neededScope}.`,
    );
  }
}

/** Creating one more would pass a configured limit; the message names the variable. */
export class LimitReachedError extends HooklineError {
  constructor(message: string) {
    super(409, 'limit_reached', message);
  }
}

/** Temporal or the database cannot take the request now; the caller may retry later. */
export class UnavailableError extends HooklineError {
  constructor(message: string, retryAfterSec = 5) {
    super(503, 'unavailable', message, [], retryAfterSec);
  }
}

/** A call of the codec endpoint without its own token (`HOOKLINE_CODEC_TOKEN`). */
export class CodecTokenError extends HooklineError {
  constructor() {
    super(
      401,
      'unauthorized',
      'The codec endpoint needs its token: as a bearer token, or in the path /codec/<token>/decode.',
    );
  }
}
