import { type ApiClient, toApiError } from '../api-client';
import type { IncomingEvent, PublishAnswer, SourceWithSecret } from '../api-types';
import { ApiError, UnreachableError } from '../errors';
import { type DemoIds, incomingOrderBody } from './events';
import { signedWebhookHeaders } from './sign';

const SEND_TIMEOUT_MS = 30_000;

/**
 * Sends the accounting app's ORDER_CREATED to the source, signed as the app would sign it.
 * It goes to the API's own address: the receiver runs beside the management API.
 * @throws ApiError when the receiver refuses it; UnreachableError when it does not answer.
 */
export async function sendIncoming(api: ApiClient, source: SourceWithSecret, ids: DemoIds) {
  const now = new Date();
  const body = incomingOrderBody(ids, now);
  const timestampSec = Math.floor(now.getTime() / 1000);
  const url = `${api.baseUrl}/hooks/${encodeURIComponent(source.id)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: signedWebhookHeaders(source.secret, ids.incomingWebhookId, timestampSec, body),
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    throw new UnreachableError(api.baseUrl, error instanceof Error ? error.message : 'failed');
  }
  const text = await response.text();
  if (!response.ok) throw toApiError(response.status, text);
  return JSON.parse(text) as PublishAnswer;
}

/** What became of the incoming event; not yet in the ledger counts as just accepted. */
export async function incomingState(api: ApiClient, eventId: string) {
  try {
    return await api.get<IncomingEvent>(`/v1/incoming/${encodeURIComponent(eventId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return { status: 'accepted' as const, reason: null };
    }
    throw error;
  }
}
