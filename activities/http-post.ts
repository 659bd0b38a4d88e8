import { Agent, request } from 'undici';
import { HostRefusedError, type LookupAll, systemLookupAll } from '../src/webhooks/public-host';
import { publicOnlyConnector } from './public-connector';

export interface PostResult {
  statusCode: number | null;
  durationMs: number;
  /** The first bytes of the answer, decoded as UTF-8. */
  responseBody: string | null;
  /** A network error or timeout; null when an answer came. */
  error: string | null;
  retryAfterMs: number | null;
}

/**
 * Connections are pooled per origin and reused across attempts and deliveries. Each new
 * connection goes to public addresses only, checked on the address connected to, unless the
 * host is in `allowedHosts`; a refused one fails the request with HostRefusedError.
 * @param lookupAll resolves host names; the operating system's resolver unless a test injects
 */
export function createDeliveryAgent(
  allowedHosts: readonly string[],
  lookupAll: LookupAll = systemLookupAll,
): Agent {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connections: 64,
    connect: publicOnlyConnector(allowedHosts, lookupAll),
  });
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof HostRefusedError) return `refused: ${error.message}`;
  const err = error as Error & { code?: string };
  if (err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT') {
    return `timed out after ${timeoutMs} ms`;
  }
  return `${err.code ?? err.name}: ${err.message}`;
}

/** Reads `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return null;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only an IMF-fixdate (RFC 9110), e.g. `Wed, 21 Oct 2026 07:28:00 GMT`; Date.parse alone
  // would read numbers such as `1.5` as dates.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

async function readPrefix(body: AsyncIterable<Buffer>, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limitBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, limitBytes).toString('utf8');
}

/**
 * One POST to a subscriber. Never throws for what the subscriber does: a refused connection
 * (by the subscriber, or by the agent's address policy), a timeout or any status comes back
 * as a result. Redirects are not followed.
 */
export async function postWebhook(options: {
  agent: Agent;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  responseLimitBytes: number;
}): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await request(options.url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      dispatcher: options.agent,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    let responseBody: string | null = null;
    try {
      responseBody = await readPrefix(response.body, options.responseLimitBytes);
    } finally {
      response.body.destroy();
    }
    return {
      statusCode: response.statusCode,
      durationMs: elapsed(),
      responseBody,
      error: null,
      retryAfterMs: parseRetryAfter(response.headers['retry-after'], new Date()),
    };
  } catch (error) {
    return {
      statusCode: null,
      durationMs: elapsed(),
      responseBody: null,
      error: describeError(error, options.timeoutMs),
      retryAfterMs: null,
    };
  }
}
