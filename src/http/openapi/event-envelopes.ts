import { z } from 'zod';
import {
  eventDataSchemas,
  type EventType,
  incomingEventTypes,
  publishedEventTypes,
} from '../../events/catalog';
import { isoDateTime } from '../../events/order';
import { eventIdSchema } from '../../events/parse';

/*
 * `parseEvent` checks a generic envelope, then the `data` of the type it names. The document
 * needs one variant per type instead, to offer a `oneOf` with `type` as its discriminator.
 * The envelope of `src/events/parse.ts` is not exported, so its three fields are restated
 * here from the same parts (`eventIdSchema`, the ISO date-time, the catalog's `data`); the
 * integration test holds the variants and `parseEvent` to the same verdicts.
 */

const timestamp = isoDateTime.optional().meta({
  description: 'When the event happened; defaults to the time hookline accepts it.',
});

function publishVariant<T extends EventType>(type: T) {
  return z
    .object({
      id: eventIdSchema.optional().meta({
        description: 'Makes publishing idempotent: a repeated id answers `duplicate: true`.',
      }),
      type: z.literal(type),
      timestamp,
      data: eventDataSchemas[type],
    })
    .strict();
}

/** The receiver takes no `id`: the event's identity is the `webhook-id` header. */
function incomingVariant<T extends EventType>(type: T) {
  return z.object({ type: z.literal(type), timestamp, data: eventDataSchemas[type] }).strict();
}

/** The body of `POST /v1/events` for each type the shop publishes (not the operational ones). */
export const publishVariants = Object.fromEntries(
  publishedEventTypes.map((type) => [type, publishVariant(type)]),
) as Partial<Record<EventType, ReturnType<typeof publishVariant>>>;

/** The body of `POST /hooks/{sourceId}` for each type an external app may send. */
export const incomingVariants = Object.fromEntries(
  incomingEventTypes.map((type) => [type, incomingVariant(type)]),
) as Partial<Record<EventType, ReturnType<typeof incomingVariant>>>;
