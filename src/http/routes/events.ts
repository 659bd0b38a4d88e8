import { Router } from 'express';
import { z } from 'zod';
import { eventDataSchemas, eventDescriptions, eventTypes } from '../../events/catalog';
import { eventExamples } from '../../events/examples';
import { parseEvent } from '../../events/parse';
import type { AppContext } from '../context';

function eventTypeCatalog() {
  return eventTypes.map((type) => ({
    type,
    description: eventDescriptions[type],
    schema: z.toJSONSchema(eventDataSchemas[type], { io: 'input' }),
    example: eventExamples[type],
  }));
}

/** `POST /v1/events` publishes a shop event; `GET /v1/event-types` describes the catalog. */
export function eventRoutes(ctx: AppContext): Router {
  const router = Router();
  const catalog = eventTypeCatalog();

  router.get('/v1/event-types', (_req, res) => {
    res.json({ data: catalog, next: null });
  });

  router.post('/v1/events', async (req, res) => {
    const event = parseEvent(req.body);
    const existing = await ctx.db
      .selectFrom('events')
      .select('id')
      .where('id', '=', event.id)
      .executeTakeFirst();
    if (existing !== undefined) {
      res.status(202).json({ eventId: event.id, duplicate: true });
      return;
    }
    const result = await ctx.publisher.publish(event, 'shop', { door: 'api' });
    res.status(202).json({ eventId: result.eventId, duplicate: !result.created });
  });

  return router;
}
