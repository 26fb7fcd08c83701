// Prometheus metrics at /metrics: process defaults plus request counts and durations per route.
import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

const digest = (text: string) => createHash('sha256').update(text).digest();
const safeEqual = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** Who may read /metrics: a bearer token, or else a list of addresses (loopback by default). */
export interface MetricsAccess {
  token: string | null;
  allow: string[];
}

export function metrics(app: FastifyInstance, access: MetricsAccess): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'masthead_' });
  const duration = new Histogram({
    name: 'masthead_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.get('/metrics', async (request, reply) => {
    // The figures describe the site's traffic and its process: not for everyone (#10.18).
    const presented = request.headers.authorization?.startsWith('Bearer ') ? request.headers.authorization.slice(7).trim() : null;
    const allowed = access.token !== null ? presented !== null && safeEqual(presented, access.token) : access.allow.includes(request.ip);
    if (!allowed) {
      return reply.code(access.token !== null ? 401 : 403).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(
        access.token !== null ? 'A bearer token is required (MASTHEAD_METRICS_TOKEN).\n' : 'Metrics are served to the addresses in MASTHEAD_METRICS_ALLOW only.\n',
      );
    }
    reply.header('content-type', registry.contentType).header('cache-control', 'no-store');
    return registry.metrics();
  });
  return registry;
}
