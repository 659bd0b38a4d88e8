import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** What a caller may send as its own request id: short, printable, no spaces. */
const CALLER_REQUEST_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Gives every request an id: the caller's `x-request-id` when it is short and printable,
 * else a new one. It is answered in `x-request-id` and recorded with each change it made.
 */
export const assignRequestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const requestId =
    given !== undefined && CALLER_REQUEST_ID.test(given)
      ? given
      : `req_${randomUUID().replaceAll('-', '')}`;
  res.locals.requestId = requestId;
  res.setHeader('x-request-id', requestId);
  next();
};

/** The id `assignRequestId` gave this request. */
export function requestIdOf(res: Response): string {
  return String(res.locals.requestId);
}
