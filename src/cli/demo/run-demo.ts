import type { ApiClient } from '../api-client';
import type {
  DeliveryWithAttempts,
  PublishAnswer,
  SourceWithSecret,
  SubscriptionWithSecret,
} from '../api-types';
import { ApiError } from '../errors';
import { type DemoIds, demoEvents, demoIds, shopEventTypes } from './events';
import { sendIncoming } from './incoming';
import { DemoSubscriber, type ReceivedWebhook } from './subscriber';
import { waitForDeliveries } from './wait';

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

/** The event type whose first webhooks the subscriber refuses, so that a retry shows. */
export const FAILING_TYPE = 'ORDER_UPDATED';

export interface DemoOptions {
  /** How long to wait for every delivery to finish. */
  waitMs: number;
  /** How many times the subscriber answers 503 to the ORDER_UPDATED webhook first. */
  failures: number;
  signal?: AbortSignal | undefined;
  /** Progress, one sentence at a time. */
  say: (text: string) => void;
}

export interface DemoResult {
  ids: DemoIds;
  subscriberUrl: string;
  subscriptionId: string;
  sourceId: string;
  published: { eventId: string; type: string }[];
  incoming: { eventId: string; status: string; reason: string | null };
  deliveries: DeliveryWithAttempts[];
  received: ReceivedWebhook[];
  /** Every expected delivery was delivered within the wait. */
  complete: boolean;
  /**
   * Set when the demo ended with deliveries open: the subscription was paused so that they
   * wait, instead of failing against the stopped subscriber until the horizon.
   */
  paused: boolean;
}

/** The platform refused the subscriber's plain-http loopback URL. */
export class LoopbackRefusedError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
    this.name = 'LoopbackRefusedError';
  }
}

async function subscribe(api: ApiClient, url: string, ids: DemoIds) {
  try {
    return await api.post<SubscriptionWithSecret>('/v1/subscriptions', {
      url,
      eventTypes: shopEventTypes,
      shopId: ids.shopId,
      description: `hookline demo ${ids.runId}`,
    });
  } catch (error) {
    const refusesHttp =
      error instanceof ApiError &&
      error.status === 422 &&
      error.details.some((d) => d.path === 'url' && /https/i.test(d.message));
    if (refusesHttp) throw new LoopbackRefusedError(error);
    throw error;
  }
}

/**
 * The demo against a running platform: an example subscriber, a subscription to every event
 * type the shop publishes (hookline's operational types are left out: they would add
 * deliveries that depend on timing), one event of each type, a signed incoming webhook from an "accounting" source, then
 * the wait for every delivery. The subscriber is stopped whatever happens.
 * @throws LoopbackRefusedError when the platform does not allow http://127.0.0.1.
 */
export async function runDemo(api: ApiClient, options: DemoOptions): Promise<DemoResult> {
  const { say } = options;
  const ids = demoIds();
  const subscriber = await DemoSubscriber.start({
    failingType: FAILING_TYPE,
    failuresBeforeSuccess: options.failures,
  });
  try {
    say(`Demo ${ids.runId}, in a shop of its own: ${ids.shopId}`);
    const times = options.failures === 1 ? 'once' : `${options.failures} times`;
    say(`Subscriber listening at ${subscriber.url}; it answers ${FAILING_TYPE} ${times} with 503.`);
    const subscription = await subscribe(api, subscriber.url, ids);
    subscriber.secret = subscription.secret;
    say(`Subscribed it to the shop's ${shopEventTypes.length} event types: ${subscription.id}`);

    const published: DemoResult['published'] = [];
    for (const event of demoEvents(ids)) {
      const answer = await api.post<PublishAnswer>('/v1/events', event);
      published.push({ eventId: answer.eventId, type: event.type });
      say(`Published ${event.type.padEnd(23)} ${answer.eventId}`);
    }

    const source = await api.post<SourceWithSecret>('/v1/sources', {
      name: 'Demo accounting app',
      shopId: ids.shopId,
      eventTypes: ['ORDER_CREATED'],
      appId: 'accounting',
    });
    const sent = await sendIncoming(api, source, ids);
    say(`Source ${source.id} (app accounting) sent a signed ORDER_CREATED: event ${sent.eventId}`);

    const expected = [...published.map((p) => p.eventId), sent.eventId];
    say(`Waiting up to ${seconds(options.waitMs)} for ${expected.length} deliveries...`);
    const outcome = await waitForDeliveries(
      api,
      subscription.id,
      expected,
      sent.eventId,
      Date.now() + options.waitMs,
      options.signal,
    );
    if (!outcome.complete) await api.post(`/v1/subscriptions/${subscription.id}/pause`);
    return {
      ids,
      subscriberUrl: subscriber.url,
      subscriptionId: subscription.id,
      sourceId: source.id,
      published,
      incoming: {
        eventId: sent.eventId,
        status: outcome.incoming.status,
        reason: outcome.incoming.reason,
      },
      deliveries: outcome.deliveries,
      received: subscriber.received,
      complete: outcome.complete,
      paused: !outcome.complete,
    };
  } finally {
    await subscriber.stop();
  }
}
