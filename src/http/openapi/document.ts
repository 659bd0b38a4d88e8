import { packageVersion } from '../../version';
import { buildComponents } from './components';
import { auditPaths } from './paths/audit';
import { deliveryPaths } from './paths/deliveries';
import { eventPaths } from './paths/events';
import { orderPaths } from './paths/orders';
import { portalPaths } from './paths/portal';
import { receiverPaths } from './paths/receiver';
import { servicePaths } from './paths/service';
import { sourcePaths } from './paths/sources';
import { subscriptionPaths } from './paths/subscriptions';
import type { OpenApiDocument } from './types';

const tags = [
  { name: 'Events', description: 'Publishing shop events and the event catalog.' },
  { name: 'Subscriptions', description: 'Endpoints of external apps that receive events.' },
  { name: 'Deliveries', description: 'Each event sent to each subscription, with its attempts.' },
  { name: 'Sources', description: 'External apps that send webhooks to hookline.' },
  { name: 'Receiver', description: 'Where sources send their webhooks (signed, no token).' },
  { name: 'Orders', description: 'The order store that events keep in sync.' },
  { name: 'Portal', description: 'Pages for subscribers, opened by a signed, expiring link.' },
  { name: 'Audit', description: 'Who changed what through the management API.' },
  { name: 'Service', description: 'Health, metrics, the Temporal UI codec and this reference.' },
];

/**
 * The OpenAPI 3.1 document of the management API and the receiver. Every schema in it is
 * generated from the zod schemas the routes validate with, or from the answer schemas beside
 * this file, so the document cannot be edited apart from the code. Built once, at start-up.
 * @param allowedHosts only passed on to the subscription bodies; their JSON Schema is the
 * same for any list, since the https rule is a refinement JSON Schema cannot express.
 */
export function buildOpenApiDocument(allowedHosts: string[]): OpenApiDocument {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'hookline',
      version: packageVersion(),
      description:
        'Durable two-way webhooks for an online shop, on Temporal. The `/v1` management API ' +
        'takes `Authorization: Bearer <token>`: a token of scope `read` may call every GET, ' +
        '`publish` may call `POST /v1/events` only, `write` may call everything; a request ' +
        'beyond the scope answers 403 (`insufficient_scope`). Each token may make ' +
        '`HOOKLINE_API_RATE_LIMIT` requests per second (429 `rate_limited` above it), and an ' +
        'address with `HOOKLINE_AUTH_FAILURE_LIMIT` failed authentications in a minute is ' +
        'answered 429 (`too_many_failed_authentications`) for the rest of it. The receiver ' +
        'takes Standard Webhooks ' +
        'signatures instead. Errors answer `{"error": {"code", "message", "details"}}`; ' +
        'lists answer `{"data": [...], "next": <cursor or null>}`.',
    },
    tags,
    security: [{ bearer: [] }],
    paths: {
      ...eventPaths(),
      ...subscriptionPaths(),
      ...portalPaths(),
      ...deliveryPaths(),
      ...sourcePaths(),
      ...receiverPaths(),
      ...orderPaths(),
      ...auditPaths(),
      ...servicePaths(),
    },
    components: buildComponents(allowedHosts),
  };
}
