import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Requires `Authorization: Bearer <token>`; compares in constant time. */
export function requireBearer(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null || !timingSafeEqual(digest(match[1]!), expected)) {
      next(new UnauthorizedError());
      return;
    }
    next();
  };
}
