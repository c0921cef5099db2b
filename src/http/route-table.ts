import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';

// How a route file registers its routes: named handlers, each given the file's
// dependencies first, listed in one table (method, URL, handler, and the route options
// Fastify takes: body limit, schema, config). A route file reads top to bottom as its
// table, then one small function per route; hooks, parsers and error handlers stay in
// the plugin that registers the table, so Fastify's encapsulation is unchanged.

export type RouteHandler<D> = (deps: D, request: FastifyRequest, reply: FastifyReply) => unknown;

export interface Route<D> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  handler: RouteHandler<D>;
  options?: Pick<RouteShorthandOptions, 'bodyLimit' | 'schema' | 'config'>;
}

export type RouteTable<D> = ReadonlyArray<Route<D>>;

/** Registers every route of the table on `app` (a GET answers HEAD too, as with app.get). */
export function registerRoutes<D>(app: FastifyInstance, deps: D, table: RouteTable<D>): void {
  for (const route of table) {
    app.route({ ...route.options, method: route.method, url: route.url, handler: (request, reply) => route.handler(deps, request, reply) });
  }
}
