import type { Express } from 'express';

/** The parts of Express 5's router layers that a walk needs; its types do not declare them. */
interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean | undefined> };
  handle: { stack?: Layer[] };
}

export interface AppRoute {
  method: string;
  /** In OpenAPI's spelling: `/v1/subscriptions/{id}`. */
  path: string;
}

function mountPath(layer: Layer): string {
  return typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
}

function walk(stack: Layer[], prefix: string): AppRoute[] {
  return stack.flatMap((layer) => {
    if (layer.route !== undefined) {
      const { path, methods } = layer.route;
      if (typeof path !== 'string') throw new Error('only string route paths can be listed');
      const openApiPath = `${prefix}${path}`.replace(/:(\w+)/g, '{$1}');
      return Object.keys(methods)
        .filter((method) => method !== '_all' && methods[method] === true)
        .map((method) => ({ method, path: openApiPath }));
    }
    const nested = layer.handle.stack;
    return nested === undefined ? [] : walk(nested, `${prefix}${mountPath(layer)}`);
  });
}

/**
 * Every method and path an Express 5 app has a route for, through nested routers. Middleware
 * without a route (static files, the 404 answer) is not listed.
 */
export function listRoutes(app: Express): AppRoute[] {
  // `app.router` is typed without the layer fields above; the walk reads only those.
  return walk((app.router as unknown as { stack: Layer[] }).stack, '');
}
