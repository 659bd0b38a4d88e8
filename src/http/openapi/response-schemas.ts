import { z } from 'zod';
import { type EventType, eventType, incomingEventTypes } from '../../events/catalog';
import { isoDateTime, order } from '../../events/order';
import type { AuditEntry } from '../../store/audit';
import type { Attempt, Delivery } from '../../store/deliveries';
import { deliveryStatuses } from '../../store/schema';
import type { IncomingEvent } from '../../store/incoming';
import type { StoredOrder } from '../../store/orders';
import type { Source } from '../../store/sources';
import type { Subscription } from '../../store/subscriptions';

/*
 * The answers of the API, as zod schemas the document is generated from. The routes build
 * their answers from the stores' types; the key checks at the end of this file make the
 * compiler fail when a store type gains or loses a field these schemas do not.
 */

const incomingType = z.enum(incomingEventTypes as [EventType, ...EventType[]]);

const secret = z.string().startsWith('whsec_').meta({
  description: 'The signing secret, `whsec_` and base64. Shown only in this answer.',
});

/** `{data, next}`: one page of a list; `next` is the cursor of the following page, or null. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page.' }),
  });
}

export const errorAnswer = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Stable, machine-readable, e.g. `validation_failed`.' }),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).meta({
      description: 'Each bad field with its dotted path; empty for errors about no field.',
    }),
  }),
});

export const subscriptionView = z.object({
  id: z.string(),
  url: z.url(),
  eventTypes: z.array(eventType),
  shopId: z.string().nullable(),
  description: z.string().nullable(),
  status: z.enum(['active', 'paused', 'disabled']),
  statusReason: z.string().nullable(),
  timeoutMs: z.number().int().nullable(),
  retryHorizonMs: z.number().int().nullable(),
  appId: z.string().nullable(),
  filter: z.record(z.string(), z.unknown()).nullable().meta({
    description: 'The filter expression on event data, as given; null delivers every event.',
  }),
  ordering: z.enum(['none', 'order']).meta({
    description:
      '`order`: deliveries about one order arrive one after another, by the order `version`.',
  }),
  rateLimitPerSecond: z.number().int().nullable().meta({
    description: 'Attempts started per second at most, across all workers; null: no limit.',
  }),
  maxInFlight: z.number().int().nullable().meta({
    description: 'Attempts in flight at once at most, across all workers; null: no limit.',
  }),
  throttledUntil: isoDateTime.nullable().meta({
    description: 'Until when attempts wait because the subscriber answered 429; else null.',
  }),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const subscriptionWithSecret = subscriptionView.extend({ secret });

export const subscriptionRotated = subscriptionView.extend({
  secret,
  previousSecretExpiresAt: isoDateTime.nullable(),
});

export const subscriptionResumed = subscriptionView.extend({
  released: z.number().int().nonnegative().meta({ description: 'Open deliveries released.' }),
});

export const sourceView = z.object({
  id: z.string(),
  name: z.string(),
  shopId: z.string(),
  appId: z.string(),
  eventTypes: z.array(incomingType),
  status: z.enum(['active', 'disabled']),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  url: z.url().meta({ description: 'Where the external app sends its webhooks.' }),
});

export const sourceWithSecret = sourceView.extend({ secret });

export const sourceRotated = sourceView.extend({
  secret,
  previousSecretExpiresAt: isoDateTime.nullable(),
});

export const attemptView = z.object({
  attemptNumber: z.number().int().positive(),
  startedAt: isoDateTime,
  durationMs: z.number().int().nonnegative(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  responseBody: z.string().nullable(),
});

export const deliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  subscriptionId: z.string(),
  eventType,
  status: z.enum(deliveryStatuses),
  attemptCount: z.number().int().nonnegative(),
  nextAttemptAt: isoDateTime.nullable(),
  lastError: z.string().nullable(),
  statusReason: z.string().nullable().meta({
    description: 'For `filtered`: the condition of the filter that the event failed.',
  }),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const deliveryWithAttempts = deliveryView.extend({ attempts: z.array(attemptView) });

/** The changes feed pages by time: `next` is the `updatedAt` to pass as the next `since`. */
export const deliveryChanges = z.object({
  data: z.array(deliveryView),
  next: z.string().meta({
    description:
      'An opaque cursor: pass it as `cursor` to get the changes after this answer. Given even ' +
      'when `data` is empty, so a follower keeps its place.',
  }),
});

export const orderView = z.object({
  ...order.shape,
  lastChangedBy: z.string().nullable().meta({
    description: '`shop`, or the id of the source whose incoming event made the last change.',
  }),
  storedAt: isoDateTime,
});

export const incomingView = z.object({
  eventId: z.string(),
  sourceId: z.string(),
  webhookId: z.string(),
  type: incomingType,
  status: z.enum(['accepted', 'applied', 'stale', 'rejected', 'published']),
  reason: z.string().nullable(),
  receivedAt: isoDateTime,
  updatedAt: isoDateTime,
  outgoingEventId: z.string().nullable(),
});

export const eventAccepted = z.object({
  eventId: z.string(),
  duplicate: z.boolean().meta({ description: 'True when this id was accepted before.' }),
});

export const eventTypeInfo = z.object({
  type: eventType,
  description: z.string(),
  schema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema of `data`.' }),
  example: z.record(z.string(), z.unknown()).meta({ description: 'A valid `data`.' }),
});

export const testStarted = z.object({ eventId: z.string(), deliveryId: z.string() });

export const portalLink = z.object({
  url: z.url().meta({ description: 'The portal page; its path holds the signed token.' }),
  expiresAt: z.iso.datetime().meta({ description: 'When the link stops working.' }),
});

export const replayStarted = z.object({
  started: z.number().int().nonnegative().meta({
    description: 'Deliveries started again; those still in progress are skipped.',
  }),
});

export const auditEntry = z.object({
  id: z.string(),
  at: isoDateTime,
  actor: z.string().meta({ description: 'The name of the token that made the change.' }),
  action: z.string().meta({ description: 'e.g. `subscription.paused`, `source.created`.' }),
  resourceType: z.enum(['subscription', 'source', 'delivery']),
  resourceId: z.string(),
  requestId: z.string().meta({ description: 'The `x-request-id` of the request.' }),
  changes: z.record(z.string(), z.unknown()).meta({
    description: 'The fields the change set; secrets are never recorded.',
  }),
});

export const liveness = z.object({ status: z.literal('ok') });

export const readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'down']),
  temporal: z.enum(['ok', 'down']),
});

type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? true
    : false
  : false;

type Shape<S extends z.ZodType> = z.output<S>;

const _subscriptionKeys: SameKeys<Shape<typeof subscriptionView>, Subscription> = true;
const _sourceKeys: SameKeys<Shape<typeof sourceView>, Source & { url: string }> = true;
const _auditKeys: SameKeys<Shape<typeof auditEntry>, AuditEntry> = true;
const _deliveryKeys: SameKeys<Shape<typeof deliveryView>, Delivery> = true;
const _attemptKeys: SameKeys<Shape<typeof attemptView>, Attempt> = true;
const _incomingKeys: SameKeys<
  Shape<typeof incomingView>,
  IncomingEvent & { outgoingEventId: unknown }
> = true;
const _orderKeys: SameKeys<
  Shape<typeof orderView>,
  StoredOrder['order'] & { lastChangedBy: unknown; storedAt: unknown }
> = true;
