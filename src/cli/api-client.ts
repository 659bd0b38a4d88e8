import { ApiError, type ApiErrorDetail, InterruptedError, UnreachableError } from './errors';

/** How long one request may take; a delivery retry can wait ~10 s for a closing run. */
const REQUEST_TIMEOUT_MS = 30_000;

export type Query = Record<string, string | number | undefined>;

interface ErrorEnvelope {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

function isDetail(value: unknown): value is ApiErrorDetail {
  const detail = value as Partial<ApiErrorDetail> | null;
  return typeof detail?.path === 'string' && typeof detail.message === 'string';
}

/** Reads the API's error envelope; a body of another shape still yields a readable error. */
export function toApiError(status: number, text: string): ApiError {
  let envelope: ErrorEnvelope = {};
  try {
    envelope = JSON.parse(text) as ErrorEnvelope;
  } catch {
    // not JSON, e.g. a proxy's HTML page: the status and the start of the body must do
  }
  const error = envelope?.error;
  if (error === undefined || typeof error.message !== 'string') {
    const excerpt = text.trim().slice(0, 200);
    return new ApiError(status, 'http_error', `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`);
  }
  const details = Array.isArray(error.details) ? error.details.filter(isDetail) : [];
  const code = typeof error.code === 'string' ? error.code : 'http_error';
  return new ApiError(status, code, error.message, details);
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The management API over HTTP, with the admin token. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * Sends one request and answers the parsed JSON body, unchecked: the API is hookline's own
   * and its answers are typed by `api-types.ts`. An empty body answers undefined.
   * @throws ApiError when the API answers outside 2xx, or a body that is not JSON.
   * @throws UnreachableError when no answer arrives within the timeout.
   * @throws InterruptedError when the operator interrupts the command.
   */
  async request<T>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown } = {},
  ): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const signal = this.signal === undefined ? timeout : AbortSignal.any([timeout, this.signal]);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        redirect: 'manual',
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (this.signal?.aborted) throw new InterruptedError();
      if (timeout.aborted) {
        throw new UnreachableError(this.baseUrl, `no answer within ${REQUEST_TIMEOUT_MS} ms`);
      }
      throw new UnreachableError(this.baseUrl, reasonOf(error));
    }
    if (!response.ok) throw toApiError(response.status, text);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(
        response.status,
        'invalid_json',
        'The API answered a body that is not JSON.',
      );
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body });
  }
}
