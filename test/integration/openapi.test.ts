import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import {
  type EventType,
  eventTypes,
  incomingEventTypes,
  publishedEventTypes,
} from '../../src/events/catalog';
import { createApp } from '../../src/http/app';
import type { OpenApiDocument } from '../../src/http/openapi/types';
import { DocumentCheck } from '../helpers/document-check';
import { listRoutes } from '../helpers/express-routes';
import { orderCreatedEvent, waitUntil } from '../helpers/fixtures';
import { sendIncoming } from '../helpers/incoming';
import { contextOf } from '../helpers/routes-app';
import {
  startPlatform,
  TEST_ADMIN_TOKEN,
  TEST_CODEC_TOKEN,
  type TestPlatform,
} from '../helpers/platform';
import { type Responder, TestSubscriber } from '../helpers/subscriber';

/** An app built like the platform's, to walk its routes. */
function appLike(platform: TestPlatform) {
  return createApp(contextOf(platform));
}

/** A call to the server: the documented method and route, and what the server answered. */
type Call = [method: string, route: string, answer: { status: number; body: unknown }];

interface Discriminated {
  oneOf: unknown[];
  discriminator: { propertyName: string; mapping: Record<string, string> };
}

function operationsOf(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([route, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${route}`),
  );
}

describe('the API reference', () => {
  let platform: TestPlatform;
  let document: OpenApiDocument;
  let api: any;
  let check: DocumentCheck;

  const statuses = (calls: Call[]) => calls.map(([, , answer]) => answer.status);
  const problems = (calls: Call[]) =>
    calls.flatMap(([method, route, answer]) => check.answerProblems(method, route, answer));
  const appOperations = () =>
    listRoutes(appLike(platform)).map((route) => `${route.method.toUpperCase()} ${route.path}`);

  beforeAll(async () => {
    platform = await startPlatform();
    const response = await fetch(`${platform.url}/openapi.json`);
    document = (await response.json()) as OpenApiDocument;
    api = await SwaggerParser.dereference(structuredClone(document));
    check = new DocumentCheck(api);
  });

  afterAll(async () => {
    await platform.stop();
  });

  describe('GET /openapi.json', () => {
    test('answers without a token a document that validates as OpenAPI 3.1', async () => {
      const response = await fetch(`${platform.url}/openapi.json`);

      expect(response.status).toBe(200);
      const served = (await response.json()) as OpenApiDocument;
      expect(served.openapi).toBe('3.1.0');
      await expect(SwaggerParser.validate(structuredClone(served))).resolves.toBeDefined();
    });

    test('names the version of package.json', () => {
      const manifest = JSON.parse(
        readFileSync(path.join(__dirname, '../../package.json'), 'utf8'),
      ) as { version: string };

      expect(document.info.version).toBe(manifest.version);
    });

    test('the /v1 operations take the bearer token and may answer 401; the others take none', () => {
      const wrong = Object.entries(document.paths).flatMap(([route, item]) =>
        Object.entries(item).flatMap(([method, operation]) => {
          const where = `${method.toUpperCase()} ${route}`;
          if (route.startsWith('/v1/')) {
            const bearer = operation.security === undefined && '401' in operation.responses;
            return bearer ? [] : [`${where} does not take the bearer token`];
          }
          return operation.security?.length === 0 ? [] : [`${where} is not public`];
        }),
      );

      expect(document.security).toEqual([{ bearer: [] }]);
      expect(document.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
      expect(wrong).toEqual([]);
    });
  });

  describe('the document and the routes of the app', () => {
    test('every route the app answers is documented', () => {
      const documented = new Set(operationsOf(document));

      const routes = appOperations();

      expect(routes.length).toBeGreaterThan(30);
      expect(routes.filter((route) => !documented.has(route))).toEqual([]);
    });

    test('every documented operation is a route the app answers', () => {
      const routes = new Set(appOperations());

      const stale = operationsOf(document).filter((operation) => !routes.has(operation));

      expect(stale).toEqual([]);
    });
  });

  describe('event schemas', () => {
    let catalog: { type: EventType; example: unknown }[];

    beforeAll(async () => {
      catalog = (await platform.api('GET', '/v1/event-types')).body.data;
    });

    test('the publish and receiver bodies are a oneOf over their event types, keyed by type', () => {
      const publish = document.components.schemas.PublishEvent as unknown as Discriminated;
      const incoming = document.components.schemas.IncomingWebhook as unknown as Discriminated;

      expect(publish.discriminator.propertyName).toBe('type');
      expect(Object.keys(publish.discriminator.mapping)).toEqual(publishedEventTypes);
      expect(publish.oneOf).toHaveLength(publishedEventTypes.length);
      expect(Object.keys(incoming.discriminator.mapping)).toEqual(incomingEventTypes);
      expect(incoming.oneOf).toHaveLength(incomingEventTypes.length);
    });

    test.each(eventTypes)(
      'the catalog example of %s validates against its data component',
      (type) => {
        const dataComponent = `${type
          .toLowerCase()
          .split('_')
          .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
          .join('')}Data`;
        const example = catalog.find((entry) => entry.type === type)?.example;

        const problems = check.problems(api.components.schemas[dataComponent], example);

        expect(example).toBeDefined();
        expect(problems).toEqual([]);
      },
    );

    test('a data object of another type does not validate against the component', () => {
      const order = catalog.find((entry) => entry.type === 'ORDER_CREATED')!.example;

      const problems = check.problems(api.components.schemas.PaymentStatusUpdatedData, order);

      expect(problems).not.toEqual([]);
    });
  });

  describe('the publish envelope agrees with the one the API checks', () => {
    const event = () => orderCreatedEvent('shop_openapi');
    const cases: [string, () => unknown, boolean][] = [
      [
        'an event with every optional field',
        () => ({
          ...event(),
          id: `evt_openapi_${Date.now()}`,
          timestamp: '2026-11-30T09:15:00.000+01:00',
        }),
        true,
      ],
      ['an unknown top-level field', () => ({ ...event(), channel: 'web' }), false],
      ['an id with a space', () => ({ ...event(), id: 'evt one' }), false],
      [
        'a timestamp without a time zone',
        () => ({ ...event(), timestamp: '2026-11-30T09:15:00' }),
        false,
      ],
      ['an unknown type', () => ({ ...event(), type: 'ORDER_DELETED' }), false],
      ['the data of another type', () => ({ ...event(), type: 'PAYMENT_STATUS_UPDATED' }), false],
    ];

    test.each(cases)('%s: the document and POST /v1/events agree', async (_name, body, valid) => {
      const payload = body();

      const documentSays = check.problems(api.components.schemas.PublishEvent, payload);
      const answer = await platform.api('POST', '/v1/events', payload);

      expect({ document: documentSays.length === 0, api: answer.status === 202 }).toEqual({
        document: valid,
        api: valid,
      });
    });

    test('an id in the body of a webhook: the document and the receiver both refuse it', async () => {
      const created = await platform.api('POST', '/v1/sources', {
        name: 'envelope check',
        shopId: 'shop_openapi',
        eventTypes: ['ORDER_CREATED'],
      });
      const valid = event();
      const withId = { ...event(), id: 'evt_mine' };

      const accepted = await sendIncoming(platform.url, created.body, valid);
      const refused = await sendIncoming(platform.url, created.body, withId);

      expect(check.problems(api.components.schemas.IncomingWebhook, valid)).toEqual([]);
      expect(accepted.status).toBe(202);
      expect(check.problems(api.components.schemas.IncomingWebhook, withId)).not.toEqual([]);
      expect(refused.status).toBe(422);
    });
  });

  describe('real answers match the documented ones', () => {
    const subscribers: TestSubscriber[] = [];

    afterAll(async () => {
      await Promise.all(subscribers.map((s) => s.stop()));
    });

    async function subscribe(respond?: Responder) {
      const subscriber = await TestSubscriber.start(respond);
      subscribers.push(subscriber);
      const created = await platform.api('POST', '/v1/subscriptions', {
        url: subscriber.url,
        eventTypes: ['ORDER_CREATED'],
        shopId: 'shop_answers',
      });
      return { subscriber, created };
    }

    test('subscriptions: create, list, read, change, pause, resume, rotate, test, delete', async () => {
      const { created } = await subscribe();
      const at = `/v1/subscriptions/${created.body.id}`;

      const calls: Call[] = [
        ['post', '/v1/subscriptions', created],
        ['get', '/v1/subscriptions', await platform.api('GET', '/v1/subscriptions?limit=1')],
        ['get', '/v1/subscriptions/{id}', await platform.api('GET', at)],
        ['patch', '/v1/subscriptions/{id}', await platform.api('PATCH', at, { description: 'x' })],
        ['post', '/v1/subscriptions/{id}/pause', await platform.api('POST', `${at}/pause`)],
        ['post', '/v1/subscriptions/{id}/resume', await platform.api('POST', `${at}/resume`)],
        [
          'post',
          '/v1/subscriptions/{id}/rotate-secret',
          await platform.api('POST', `${at}/rotate-secret`),
        ],
        ['post', '/v1/subscriptions/{id}/test', await platform.api('POST', `${at}/test`, {})],
        ['delete', '/v1/subscriptions/{id}', await platform.api('DELETE', at)],
        ['get', '/v1/subscriptions/{id}', await platform.api('GET', at)],
      ];

      expect(statuses(calls)).toEqual([201, 200, 200, 200, 200, 200, 200, 202, 204, 404]);
      expect(problems(calls)).toEqual([]);
    });

    test('the audit log of those changes', async () => {
      const { created } = await subscribe();
      await platform.api('POST', `/v1/subscriptions/${created.body.id}/pause`);

      const calls: Call[] = [
        [
          'get',
          '/v1/audit-log',
          await platform.api('GET', `/v1/audit-log?resourceId=${created.body.id}&limit=1`),
        ],
      ];

      expect(statuses(calls)).toEqual([200]);
      expect((calls[0]![2].body as { next: string | null }).next).not.toBeNull();
      expect(problems(calls)).toEqual([]);
    });

    test('deliveries: the log with attempts, one delivery, the changes feed, retry and replay', async () => {
      // Answers the first delivery at once and later ones slowly, so a replay is still in
      // progress when it is asked for again.
      const slowAfterFirst: Responder = (_request, index) =>
        index === 0 ? undefined : { status: 200, delayMs: 5000 };
      const { subscriber, created } = await subscribe(slowAfterFirst);
      const at = `/v1/subscriptions/${created.body.id}`;
      await platform.api('POST', '/v1/events', orderCreatedEvent('shop_answers'));
      await subscriber.waitFor(1);
      const log = await waitUntil(async () => {
        const answer = await platform.api('GET', `${at}/deliveries?status=delivered`);
        return answer.body.data.length > 0 && answer.body.data[0].attempts.length > 0
          ? answer
          : undefined;
      });
      const deliveryId = log.body.data[0].id;

      const calls: Call[] = [
        ['get', '/v1/subscriptions/{id}/deliveries', log],
        ['get', '/v1/deliveries/{id}', await platform.api('GET', `/v1/deliveries/${deliveryId}`)],
        ['get', '/v1/deliveries', await platform.api('GET', '/v1/deliveries?limit=5')],
        [
          'post',
          '/v1/deliveries/{id}/retry',
          await platform.api('POST', `/v1/deliveries/${deliveryId}/retry`),
        ],
        [
          'post',
          '/v1/deliveries/{id}/retry',
          await platform.api('POST', `/v1/deliveries/${deliveryId}/retry`),
        ],
        [
          'post',
          '/v1/subscriptions/{id}/replay',
          await platform.api('POST', `${at}/replay`, { status: 'failed' }),
        ],
      ];

      expect(statuses(calls)).toEqual([200, 200, 200, 202, 409, 202]);
      expect(problems(calls)).toEqual([]);
    });

    test('sources, the receiver, incoming events and orders', async () => {
      const created = await platform.api('POST', '/v1/sources', {
        name: 'erp',
        shopId: 'shop_incoming',
        eventTypes: ['ORDER_CREATED'],
      });
      const at = `/v1/sources/${created.body.id}`;
      const event = orderCreatedEvent('shop_incoming');
      const received = await sendIncoming(platform.url, created.body, event);
      const order = await waitUntil(async () => {
        const answer = await platform.api('GET', `/v1/orders/${event.data.order.id}`);
        return answer.status === 200 ? answer : undefined;
      });

      const calls: Call[] = [
        ['post', '/v1/sources', created],
        ['post', '/hooks/{sourceId}', received],
        [
          'get',
          '/v1/incoming/{eventId}',
          await platform.api('GET', `/v1/incoming/${received.body.eventId}`),
        ],
        ['get', '/v1/orders/{id}', order],
        ['get', '/v1/orders', await platform.api('GET', '/v1/orders?shopId=shop_incoming')],
        ['get', '/v1/sources', await platform.api('GET', '/v1/sources')],
        ['get', '/v1/sources/{id}', await platform.api('GET', at)],
        ['post', '/v1/sources/{id}/disable', await platform.api('POST', `${at}/disable`)],
        ['post', '/hooks/{sourceId}', await sendIncoming(platform.url, created.body, event)],
        ['post', '/v1/sources/{id}/enable', await platform.api('POST', `${at}/enable`)],
        [
          'post',
          '/v1/sources/{id}/rotate-secret',
          await platform.api('POST', `${at}/rotate-secret`),
        ],
        ['delete', '/v1/sources/{id}', await platform.api('DELETE', at)],
        ['post', '/hooks/{sourceId}', await sendIncoming(platform.url, created.body, event)],
      ];

      expect(statuses(calls)).toEqual([
        201, 202, 200, 200, 200, 200, 200, 200, 403, 200, 200, 204, 401,
      ]);
      expect(problems(calls)).toEqual([]);
    });

    test('errors of the management API answer the documented Error body', async () => {
      const post = (body: string, contentType: string, token = TEST_ADMIN_TOKEN) =>
        fetch(`${platform.url}/v1/subscriptions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
          body,
        }).then(async (response) => ({ status: response.status, body: await response.json() }));

      const calls: Call[] = [
        ['post', '/v1/subscriptions', await post('{}', 'application/json', 'wrong-token')],
        ['post', '/v1/subscriptions', await post('{"url":', 'application/json')],
        ['post', '/v1/subscriptions', await post('url=x', 'text/plain')],
        ['post', '/v1/subscriptions', await post('{"url":"ftp://x"}', 'application/json')],
        ['get', '/v1/sources/{id}', await platform.api('GET', '/v1/sources/src_missing')],
      ];

      expect(statuses(calls)).toEqual([401, 400, 415, 422, 404]);
      expect(problems(calls)).toEqual([]);
    });

    test('health, readiness, the event catalog and the codec', async () => {
      const get = async (route: string) => {
        const response = await fetch(`${platform.url}${route}`);
        return { status: response.status, body: await response.json() };
      };
      const codecCall = (route: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${platform.url}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const bearer = { authorization: `Bearer ${TEST_CODEC_TOKEN}` };
      const payloads = { payloads: [{ metadata: { encoding: 'anNvbg==' }, data: 'e30=' }] };
      const encoded = await codecCall('/codec/encode', payloads, bearer);
      const encodedBody = await encoded.json();
      const decoded = await codecCall(`/codec/${TEST_CODEC_TOKEN}/decode`, encodedBody);
      const refused = await codecCall('/codec/decode', payloads);

      const calls: Call[] = [
        ['get', '/healthz', await get('/healthz')],
        ['get', '/readyz', await get('/readyz')],
        ['get', '/v1/event-types', await platform.api('GET', '/v1/event-types')],
        ['post', '/codec/encode', { status: encoded.status, body: encodedBody }],
        ['post', '/codec/{token}/decode', { status: decoded.status, body: await decoded.json() }],
        ['post', '/codec/decode', { status: refused.status, body: await refused.json() }],
      ];

      expect(statuses(calls)).toEqual([200, 200, 200, 200, 200, 401]);
      expect(problems(calls)).toEqual([]);
    });
  });

  describe('GET /docs', () => {
    test('answers without a token an HTML page whose scripts and styles hookline serves itself', async () => {
      const page = await fetch(`${platform.url}/docs`);
      const html = await page.text();
      const assets = [
        ...html.matchAll(/<script[^>]*\bsrc=["']([^"']+)["']/g),
        ...html.matchAll(/<link[^>]*\bhref=["']([^"']+)["']/g),
      ].map((match) => new URL(match[1]!, page.url));
      const host = new URL(platform.url).host;

      const foreign = assets.filter((url) => url.host !== host).map(String);
      const missing = await Promise.all(
        assets
          .filter((url) => url.host === host)
          .map(async (url) => ((await fetch(url)).status === 200 ? [] : [url.pathname])),
      );

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(assets.length).toBeGreaterThanOrEqual(3);
      expect(foreign).toEqual([]);
      expect(missing.flat()).toEqual([]);
    });

    test('/docs redirects to /docs/, with the statuses the document names', async () => {
      const redirect = await fetch(`${platform.url}/docs`, { redirect: 'manual' });

      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/docs/');
      expect(Object.keys(document.paths['/docs']!.get!.responses)).toEqual(['200', '301']);
    });

    test('the page loads the document from /openapi.json', async () => {
      const page = await fetch(`${platform.url}/docs`);
      const init = await fetch(new URL('swagger-ui-init.js', page.url));
      const script = await init.text();

      const documentUrl = /"swaggerUrl":\s*"([^"]+)"/.exec(script)?.[1];

      expect(documentUrl).toBeDefined();
      expect(new URL(documentUrl!, page.url).href).toBe(`${platform.url}/openapi.json`);
    });
  });
});
