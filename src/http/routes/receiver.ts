import express, { type Request, Router } from 'express';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { eventPriority } from '../../contracts/event';
import { incomingWorkflowId, type IncomingWorkflowInput } from '../../contracts/incoming';
import { searchAttributes } from '../../contracts/search-attributes';
import {
  BadRequestError,
  ForbiddenError,
  HooklineError,
  RateLimitedError,
  SignatureError,
  ValidationError,
} from '../../errors';
import { eventSubject, type ShopEvent } from '../../events/catalog';
import { parseEvent } from '../../events/parse';
import { incomingEventId } from '../../ids';
import type { SourceWithSecrets } from '../../store/sources';
import { liveSecrets } from '../../webhooks/secret';
import { verifyWebhook } from '../../webhooks/signature';
import type { AppContext } from '../context';

/** Standard Webhooks' tolerance between the sender's clock and ours. */
const TIMESTAMP_TOLERANCE_SEC = 5 * 60;
/** How long the receiver waits for Temporal before answering 503. */
const START_DEADLINE_MS = 5000;
const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(' ') : value;
}

/** Refuses anything but a correctly signed request from a known source, saying nothing more. */
async function authenticate(ctx: AppContext, req: Request): Promise<SourceWithSecrets> {
  const sourceId = String(req.params.sourceId);
  // No source id holds NUL, and PostgreSQL could not even look one up.
  const source = sourceId.includes('\u0000') ? undefined : await ctx.sources.get(sourceId);
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const verdict =
    source === undefined
      ? { ok: false }
      : verifyWebhook({
          secrets: liveSecrets(source, new Date(), ctx.secrets),
          headers: {
            'webhook-id': header(req, 'webhook-id'),
            'webhook-timestamp': header(req, 'webhook-timestamp'),
            'webhook-signature': header(req, 'webhook-signature'),
          },
          body,
          nowSec: Math.floor(Date.now() / 1000),
          toleranceSec: TIMESTAMP_TOLERANCE_SEC,
        });
  if (source === undefined || !verdict.ok) throw new SignatureError();
  if (source.status !== 'active') {
    throw new ForbiddenError('This source is disabled.', 'source_disabled');
  }
  return source;
}

function parseBody(body: Buffer, eventId: string): ShopEvent {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HooklineError(400, 'malformed_json', 'The body is not valid JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ValidationError([{ path: '(root)', message: 'must be a JSON object' }]);
  }
  if ('id' in json) {
    throw new ValidationError([{ path: 'id', message: 'the event id is the webhook-id header' }]);
  }
  return parseEvent({ ...json, id: eventId });
}

function authorize(source: SourceWithSecrets, event: ShopEvent): void {
  if (!source.eventTypes.includes(event.type)) {
    throw new ForbiddenError(`This source may not send ${event.type}.`);
  }
  if (eventSubject(event).shopId !== source.shopId) {
    throw new ForbiddenError(`This source may change shop ${source.shopId} only.`);
  }
}

/**
 * `POST /hooks/:sourceId`: the receiver of incoming webhooks. It answers 202 only once the
 * incoming workflow is started in Temporal, and the same `webhook-id` never starts twice.
 */
export function receiverRoutes(ctx: AppContext): Router {
  const router = Router();
  const limiter = new RateLimiterMemory({ points: ctx.config.sourceRateLimitPerSec, duration: 1 });
  // No inflating: the signature covers the bytes as sent, so a compressed body is refused (415).
  const readRaw = express.raw({
    type: () => true,
    limit: ctx.config.maxBodyBytes,
    inflate: false,
  });

  router.post('/hooks/:sourceId', readRaw, async (req, res) => {
    const source = await authenticate(ctx, req);
    try {
      await limiter.consume(source.id);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    }
    if (!req.is('application/json')) {
      throw new HooklineError(415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    const webhookId = header(req, 'webhook-id')!;
    if (!WEBHOOK_ID.test(webhookId)) {
      throw new BadRequestError('webhook-id must be 1 to 256 printable ASCII characters.');
    }
    const eventId = incomingEventId(source.id, webhookId);
    const event = parseBody(req.body as Buffer, eventId);
    authorize(source, event);

    if ((await ctx.incoming.findByWebhookId(source.id, webhookId)) !== undefined) {
      res.status(202).json({ eventId, duplicate: true });
      return;
    }
    const input: IncomingWorkflowInput = {
      event,
      sourceId: source.id,
      webhookId,
      appId: source.appId,
    };
    let duplicate = false;
    try {
      await ctx.temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        ctx.temporal.workflow.start('incomingWorkflow', {
          taskQueue: ctx.config.temporal.taskQueue,
          workflowId: incomingWorkflowId(eventId),
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          staticSummary: `Incoming ${event.type} from ${source.name} (${source.id}), webhook-id ${webhookId}`,
          typedSearchAttributes: [
            { key: searchAttributes.eventType, value: event.type },
            { key: searchAttributes.shopId, value: source.shopId },
            { key: searchAttributes.sourceId, value: source.id },
          ],
          priority: eventPriority(source.shopId),
        }),
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      duplicate = true;
    }
    // The workflow records the ledger entry too; this write only makes repeats cheaper.
    await ctx.incoming
      .recordAccepted({ eventId, sourceId: source.id, webhookId, type: event.type })
      .catch((error: unknown) => ctx.logger.warn({ error, eventId }, 'ledger write failed'));
    res.status(202).json({ eventId, duplicate });
  });

  return router;
}
