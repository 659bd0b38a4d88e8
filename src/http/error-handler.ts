import type { ErrorRequestHandler, Response } from 'express';
import { isGrpcServiceError } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { BadRequestError, HooklineError, UnavailableError, ValidationError } from '../errors';
import { InvalidEventError } from '../events/parse';
import type { Logger } from '../logger';
import { PortalTokenError } from '../portal/link-token';
import { messagePage } from '../portal/pages';

interface BodyParserError {
  type?: string;
  status?: number;
  /** Set by http-errors: true when the failure is the client's and may be told. */
  expose?: boolean;
  message: string;
}

const GRPC_UNAVAILABLE = new Set<number>([
  grpcStatus.UNAVAILABLE,
  grpcStatus.DEADLINE_EXCEEDED,
  grpcStatus.RESOURCE_EXHAUSTED,
]);

/** SQLSTATE 22021, character_not_in_repertoire: PostgreSQL's answer to a NUL in text. */
const POSTGRES_UNTRANSLATABLE_TEXT = '22021';

/**
 * The database cannot take the request now, though the request is fine: SQLite still locked
 * by another process after `busy_timeout`, or PostgreSQL refusing connections (down, starting,
 * shutting down, out of connection slots).
 */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    ['ECONNREFUSED', '57P01', '57P03', '53300'].includes(code)
  );
}

/** The one place where errors become HTTP answers. */
function toHooklineError(error: unknown): HooklineError | undefined {
  if (error instanceof HooklineError) return error;
  if (error instanceof PortalTokenError) {
    return error.problem === 'expired'
      ? new HooklineError(401, 'portal_link_expired', 'This link has expired. Ask for a new one.')
      : new HooklineError(403, 'portal_link_invalid', 'This link is not valid.');
  }
  if (error instanceof InvalidEventError) {
    return new ValidationError(error.details, 'The event does not match the catalog.');
  }
  const grpcError = [error, (error as { cause?: unknown })?.cause].find(isGrpcServiceError);
  if (grpcError !== undefined && GRPC_UNAVAILABLE.has(grpcError.code)) {
    return new UnavailableError('Temporal is not reachable; retry later.');
  }
  if (isDatabaseUnavailable(error)) {
    return new UnavailableError('The database is busy; retry later.');
  }
  // Express's router marks a path segment whose percent-encoding does not decode this way.
  if (error instanceof URIError && (error as BodyParserError).status === 400) {
    return new BadRequestError('The path is not correctly percent-encoded.', 'malformed_path');
  }
  // Bodies and queries holding NUL are refused by validation; what reaches PostgreSQL is a
  // NUL in a path id being looked up, and no resource has such an id.
  if ((error as { code?: unknown })?.code === POSTGRES_UNTRANSLATABLE_TEXT) {
    return new HooklineError(404, 'not_found', 'No resource has this id.');
  }
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return new HooklineError(400, 'malformed_json', 'The body is not valid JSON.');
    case 'entity.too.large':
      return new HooklineError(413, 'body_too_large', 'The body is larger than allowed.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HooklineError(415, 'unsupported_encoding', parserError.message);
    case 'request.aborted':
      return new HooklineError(400, 'request_aborted', 'The request body was not completed.');
    case undefined:
      // The body parsers pass on the decompressor's own error, typeless but exposed as a 400,
      // when a body does not decode with its content-encoding (corrupt, truncated, empty).
      if (parserError?.expose === true && parserError.status === 400) {
        return new BadRequestError(
          'The body does not decode with its content-encoding.',
          'malformed_body',
        );
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Titles of the portal's error pages; a status not listed falls back to its class. */
const PAGE_TITLES: Record<number, string> = {
  401: 'Link expired',
  403: 'Link refused',
  404: 'Not found',
  409: 'Not possible now',
  413: 'Too much input',
  422: 'Invalid input',
  429: 'Too many requests',
};

/**
 * The portal is read by people in a browser, so it is answered with a page: the same status
 * and message, details as sentences. Nothing else of the error is shown.
 */
function sendPortalPage(res: Response, known: HooklineError): void {
  const title = PAGE_TITLES[known.status] ?? (known.status >= 500 ? 'Not available' : 'Refused');
  const details = known.details.map((issue) => ` ${issue.path}: ${issue.message}.`).join('');
  res
    .status(known.status)
    .type('html')
    .send(messagePage(title, `${known.message}${details}`));
}

/** Paths of the subscriber portal, answered with pages instead of JSON. */
const isPortalPath = (path: string) => path === '/portal' || path.startsWith('/portal/');

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toHooklineError(error);
    const portal = isPortalPath(req.path);
    if (known === undefined) {
      logger.error(
        { error, method: req.method, path: portal ? '/portal' : req.path },
        'unexpected error',
      );
      const message = 'Something went wrong on our side.';
      if (portal) {
        res.status(500).type('html').send(messagePage('Something went wrong', message));
        return;
      }
      res.status(500).json({ error: { code: 'internal', message, details: [] } });
      return;
    }
    if (known instanceof UnavailableError) {
      logger.warn({ error, path: portal ? '/portal' : req.path }, 'dependency unavailable');
    }
    if (known.retryAfterSec !== undefined) {
      res.setHeader('retry-after', String(known.retryAfterSec));
    }
    if (portal) {
      sendPortalPage(res, known);
      return;
    }
    res.status(known.status).json({
      error: { code: known.code, message: known.message, details: known.details },
    });
  };
}
