import type { Server } from 'node:http';
import express, { type Router } from 'express';
import { HooklinePublisher } from '../../src/client/publisher';
import { DeliveryControl } from '../../src/deliveries/control';
import type { AppContext } from '../../src/http/context';
import { errorHandler } from '../../src/http/error-handler';
import { assignRequestId } from '../../src/http/request-id';
import { createLogger, type Logger } from '../../src/logger';
import { DeliveryStore } from '../../src/store/deliveries';
import { IncomingStore } from '../../src/store/incoming';
import { SourceStore } from '../../src/store/sources';
import { SubscriptionStore } from '../../src/store/subscriptions';
import { TEST_ADMIN_TOKEN, TEST_CODEC_TOKEN, TEST_PORTAL_KEY, type TestPlatform } from './platform';

/**
 * The context a platform's own API is built with, on that platform's database and Temporal.
 * @param logger where the routes log; by default as the platform's configuration says
 */
export function contextOf(
  platform: TestPlatform,
  logger: Logger = createLogger(platform.config.log),
): AppContext {
  const { config, db, temporal } = platform;
  return {
    config,
    adminToken: TEST_ADMIN_TOKEN,
    portalKey: TEST_PORTAL_KEY,
    logger,
    db,
    temporal,
    publisher: new HooklinePublisher(temporal, config.temporal.taskQueue),
    subscriptions: new SubscriptionStore(db),
    deliveries: new DeliveryStore(db),
    sources: new SourceStore(db),
    incoming: new IncomingStore(db),
    control: new DeliveryControl(db, temporal, config.temporal.taskQueue, config.delivery, logger),
    secrets: platform.encryption.secrets,
    codec: platform.encryption.codec,
    codecToken: TEST_CODEC_TOKEN,
  };
}

export interface RoutesApp {
  /** Sends JSON to the routes and reads their JSON answer. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/**
 * One router of the API served alone on a loopback port, with JSON bodies and the API's error
 * handler, for routes built with dependencies that a test chooses. No bearer check: every
 * request counts as made with the admin token, as the audit log records it.
 */
export async function serveRoutes(ctx: AppContext, router: Router): Promise<RoutesApp> {
  const app = express();
  app.use(express.json());
  app.use(assignRequestId, (_req, res, next) => {
    res.locals.principal = { name: 'admin', scope: 'write' };
    next();
  });
  app.use(router);
  app.use(errorHandler(ctx.logger));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as { port: number };
  return {
    async call(method, path, body) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
