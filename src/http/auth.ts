import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ApiLimits, ApiScope, ApiToken } from '../config';
import { InsufficientScopeError, RateLimitedError, UnauthorizedError } from '../errors';
import type { Logger } from '../logger';

/** Who made a request: the name and scope of the token it carried. */
export interface Principal {
  name: string;
  scope: ApiScope;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Which scopes each scope includes: `write` all three, the others only themselves. */
const INCLUDED: Record<ApiScope, readonly ApiScope[]> = {
  read: ['read'],
  publish: ['publish'],
  write: ['read', 'publish', 'write'],
};

/**
 * The scope a request needs: `read` for GET and HEAD, `publish` for `POST /v1/events`,
 * `write` for every other change. The path is compared the way the router matches it (case
 * and a trailing slash aside); any other spelling needs `write`, the stricter answer.
 */
export function neededScope(method: string, path: string): ApiScope {
  if (method === 'GET' || method === 'HEAD') return 'read';
  const normalized = path.toLowerCase().replace(/\/+$/, '');
  return method === 'POST' && normalized === '/v1/events' ? 'publish' : 'write';
}

/** The tokens the API accepts, compared by their SHA-256 digests in constant time. */
export class TokenTable {
  private readonly entries: { digest: Buffer; principal: Principal }[];

  constructor(tokens: ApiToken[]) {
    this.entries = tokens.map((t) => ({
      digest: digest(t.token),
      principal: { name: t.name, scope: t.scope },
    }));
  }

  /** The token's owner, or undefined. Every entry is compared, so the time tells nothing. */
  find(presented: string): Principal | undefined {
    const presentedDigest = digest(presented);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(presentedDigest, entry.digest)) found = entry.principal;
    }
    return found;
  }
}

/**
 * The principal `requireToken` authenticated for this request.
 * @throws Error when no token was checked: a route mounted outside `/v1`, a bug.
 */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (principal === undefined) throw new Error('the request passed no token check');
  return principal;
}

const retryAfterSec = (limited: RateLimiterRes) =>
  Math.max(1, Math.ceil(limited.msBeforeNext / 1000));

/** The client's address as the socket sees it; a proxy in front makes it the proxy's. */
const clientAddress = (req: Request) => req.socket.remoteAddress ?? 'unknown';

/**
 * Authenticates `Authorization: Bearer <token>`, then applies, in this order: the lock-out of
 * addresses with too many failed authentications (429), the per-token rate limit (429) and
 * the scope the request needs (403). The limits are counted in this process only.
 */
export function requireToken(
  tokens: ApiToken[],
  limits: ApiLimits,
  logger: Logger,
): RequestHandler {
  const table = new TokenTable(tokens);
  const failures = new RateLimiterMemory({ points: limits.authFailuresPerMin, duration: 60 });
  const perToken = new BurstyRateLimiter(
    new RateLimiterMemory({ points: limits.rateLimitPerSec, duration: 1 }),
    new RateLimiterMemory({ keyPrefix: 'burst', points: limits.rateBurst, duration: 10 }),
  );

  const noteFailure = async (address: string) => {
    try {
      const counted = await failures.consume(address);
      if (counted.remainingPoints === 0) {
        logger.warn({ address }, 'authentication failures locked out an address');
      }
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
    }
  };

  return async (req, res, next) => {
    const address = clientAddress(req);
    const past = await failures.get(address);
    if (past !== null && past.consumedPoints >= limits.authFailuresPerMin) {
      throw new RateLimitedError(
        retryAfterSec(past),
        'Too many failed authentications from this address; wait before trying again.',
        'too_many_failed_authentications',
      );
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const principal = match === null ? undefined : table.find(match[1]!);
    if (principal === undefined) {
      await noteFailure(address);
      throw new UnauthorizedError();
    }
    try {
      await perToken.consume(principal.name);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new RateLimitedError(
        retryAfterSec(error),
        'Too many requests with this token; slow down.',
      );
    }
    const path = req.originalUrl.split('?')[0]!;
    const needed = neededScope(req.method, path);
    if (!INCLUDED[principal.scope].includes(needed)) {
      const operation = `${req.method} ${path.slice(0, 200)}`;
      throw new InsufficientScopeError(principal.name, principal.scope, needed, operation);
    }
    res.locals.principal = principal;
    next();
  };
}
