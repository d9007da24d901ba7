/**
 * The node's main HTTP port: health and readiness (public: load balancers probe them), the control
 * API for signaling, and `/metrics` only behind METRICS_TOKEN (prometheus.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { type ControlDeps, controlRoutes } from '../control/control-routes.js';
import type { WorkerPool } from '../workers/worker-pool.js';
import { prometheusRoutes } from './prometheus.js';

export async function createHttpServer(deps: {
  pool: WorkerPool;
  redis: Redis;
  expectedWorkers: number;
  logLevel: string;
  /** The node's metrics; served here only when `metricsToken` is set (then only with it). */
  registry: Registry;
  metricsToken: string | undefined;
  /** The control API for signaling (docs/media.md), in its own encapsulated plugin. */
  control?: ControlDeps;
}): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: deps.logLevel, base: { service: 'sfu-server' } } });

  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const alive = deps.pool.slots().length;
    if (alive < deps.expectedWorkers) return reply.status(503).send({ status: 'workers-missing', alive });
    try {
      await deps.redis.ping();
      return { status: 'ready', workers: alive };
    } catch {
      return reply.status(503).send({ status: 'redis-unavailable' });
    }
  });
  // This port must be reachable by signaling, so `/metrics` is here only behind its token;
  // otherwise it is on the internal listener (node.ts) or not served.
  if (deps.metricsToken) await app.register(prometheusRoutes, { registry: deps.registry, token: deps.metricsToken });
  if (deps.control) await app.register(controlRoutes, deps.control);
  return app;
}
