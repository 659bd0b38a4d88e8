import { z } from 'zod';
import {
  eventDataSchemas,
  eventDescriptions,
  type EventType,
  eventTypes,
} from '../../events/catalog';
import { order } from '../../events/order';
import { codecPayloads } from '../routes/codec';
import { createSourceBody } from '../routes/sources';
import { portalLinkBody } from '../routes/portal-links';
import { replayBody, subscriptionBodies, testBody } from '../routes/subscriptions';
import { errorResponseComponents } from './error-responses';
import { incomingVariants, publishVariants } from './event-envelopes';
import { SCHEMAS_PATH, type SchemaTable, toComponentSchemas } from './json-schema';
import * as answers from './response-schemas';
import type { JsonSchema, OpenApiDocument } from './types';

/** `ORDER_CREATED` → `OrderCreated`: how event types appear in component names. */
function pascalCase(type: EventType): string {
  return type
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The component holding the JSON Schema of one event type's `data`. */
function eventDataComponent(type: EventType): string {
  return `${pascalCase(type)}Data`;
}

type Variants = Partial<Record<EventType, z.ZodObject>>;

function variantComponent(prefix: string, type: string): string {
  return `${prefix}${pascalCase(type as EventType)}`;
}

function variantTable(variants: Variants, prefix: string): SchemaTable {
  return Object.fromEntries(
    Object.entries(variants).map(([type, schema]) => [variantComponent(prefix, type), schema]),
  );
}

/** One body schema per type, chosen by `type`; the document marks it as the discriminator. */
function discriminated(variants: Variants, prefix: string) {
  const schemas = Object.values(variants) as [z.ZodObject, ...z.ZodObject[]];
  const mapping = Object.fromEntries(
    Object.keys(variants).map((type) => [type, `${SCHEMAS_PATH}${variantComponent(prefix, type)}`]),
  );
  return { union: z.discriminatedUnion('type', schemas), mapping };
}

/** What callers send: the bodies the routes validate, and each event type's `data`. */
function requestSchemas(allowedHosts: string[]): Record<string, JsonSchema> {
  const { createSubscriptionBody, patchSubscriptionBody } = subscriptionBodies(allowedHosts);
  const publish = discriminated(publishVariants, 'Publish');
  const incoming = discriminated(incomingVariants, 'Incoming');
  const table: SchemaTable = {
    OrderSnapshot: order,
    ...Object.fromEntries(
      eventTypes.map((type) => [eventDataComponent(type), eventDataSchemas[type]]),
    ),
    ...variantTable(publishVariants, 'Publish'),
    PublishEvent: publish.union,
    ...variantTable(incomingVariants, 'Incoming'),
    IncomingWebhook: incoming.union,
    CreateSubscription: createSubscriptionBody,
    PatchSubscription: patchSubscriptionBody,
    TestDelivery: testBody,
    Replay: replayBody,
    PortalLinkRequest: portalLinkBody,
    CreateSource: createSourceBody,
    CodecPayloads: codecPayloads,
  };
  const mappings = new Map<unknown, Record<string, string>>([
    [publish.union, publish.mapping],
    [incoming.union, incoming.mapping],
  ]);
  // zod writes a union as `anyOf`; the variants exclude each other by `type`, and OpenAPI
  // tools pick the variant from the discriminator of a `oneOf`.
  const schemas = toComponentSchemas(table, 'input', ({ zodSchema, jsonSchema }) => {
    const mapping = mappings.get(zodSchema);
    if (mapping === undefined) return;
    jsonSchema.oneOf = jsonSchema.anyOf;
    delete jsonSchema.anyOf;
    jsonSchema.discriminator = { propertyName: 'type', mapping };
  });
  for (const type of eventTypes) {
    const name = eventDataComponent(type);
    schemas[name] = { description: eventDescriptions[type], ...schemas[name] };
  }
  return schemas;
}

/** What hookline answers. */
function answerSchemas(): Record<string, JsonSchema> {
  return toComponentSchemas(
    {
      Error: answers.errorAnswer,
      Subscription: answers.subscriptionView,
      SubscriptionWithSecret: answers.subscriptionWithSecret,
      SubscriptionRotated: answers.subscriptionRotated,
      SubscriptionResumed: answers.subscriptionResumed,
      SubscriptionList: answers.listOf(answers.subscriptionView),
      Source: answers.sourceView,
      SourceWithSecret: answers.sourceWithSecret,
      SourceRotated: answers.sourceRotated,
      SourceList: answers.listOf(answers.sourceView),
      Attempt: answers.attemptView,
      Delivery: answers.deliveryView,
      DeliveryWithAttempts: answers.deliveryWithAttempts,
      DeliveryWithAttemptsList: answers.listOf(answers.deliveryWithAttempts),
      DeliveryChanges: answers.deliveryChanges,
      Order: answers.orderView,
      OrderList: answers.listOf(answers.orderView),
      IncomingEvent: answers.incomingView,
      EventAccepted: answers.eventAccepted,
      EventTypeInfo: answers.eventTypeInfo,
      EventTypeList: answers.listOf(answers.eventTypeInfo),
      TestStarted: answers.testStarted,
      ReplayStarted: answers.replayStarted,
      PortalLink: answers.portalLink,
      AuditEntry: answers.auditEntry,
      AuditEntryList: answers.listOf(answers.auditEntry),
      Liveness: answers.liveness,
      Readiness: answers.readiness,
      CodecResult: codecPayloads,
    },
    'output',
  );
}

/**
 * The `components` of the document.
 * @throws Error when a request and an answer schema share a name, which would hide one.
 */
export function buildComponents(allowedHosts: string[]): OpenApiDocument['components'] {
  const requests = requestSchemas(allowedHosts);
  const responses = answerSchemas();
  const shared = Object.keys(requests).filter((name) => name in responses);
  if (shared.length > 0) throw new Error(`component names used twice: ${shared.join(', ')}`);
  return {
    schemas: { ...requests, ...responses },
    responses: errorResponseComponents(),
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description:
          'The admin token (`HOOKLINE_ADMIN_TOKEN`, or the one generated into ' +
          '`$HOOKLINE_DATA_DIR/admin-token` at the first start; scope `write`), or a named ' +
          'token of `HOOKLINE_API_TOKENS` with its scope.',
      },
    },
  };
}
