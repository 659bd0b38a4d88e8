import { errors } from '../error-responses';
import { answer, jsonBody } from '../operation-parts';
import type { Paths } from '../types';

const tags = ['Events'];

/** Publishing a shop event, and the catalog of event types. */
export function eventPaths(): Paths {
  return {
    '/v1/events': {
      post: {
        operationId: 'publishEvent',
        tags,
        summary: 'Publish a shop event',
        description:
          'For backends that cannot use the TypeScript client. The answer comes once the ' +
          'event workflow is durably started; every matching subscription then gets a delivery.',
        requestBody: jsonBody('PublishEvent'),
        responses: {
          '202': answer('Accepted, or accepted before under the same `id`.', 'EventAccepted'),
          ...errors('BadRequest', 'Unauthorized', 'BodyTooLarge', 'UnsupportedMediaType'),
          ...errors('ValidationFailed', 'Unavailable'),
        },
      },
    },
    '/v1/event-types': {
      get: {
        operationId: 'listEventTypes',
        tags,
        summary: 'The event catalog',
        description:
          'Each type with its description, the JSON Schema of its `data` and an example.',
        responses: {
          '200': answer('Every event type, in one page.', 'EventTypeList'),
          ...errors('Unauthorized'),
        },
      },
    },
  };
}
