/** Health, readiness and Prometheus metrics of the SFU node, and the control API. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { type ControlDeps, controlRoutes } from '../control/control-routes.js';
import type { WorkerPool } from '../workers/worker-pool.js';

export async function createHttpServer(deps: {
  pool: WorkerPool;
  redis: Redis;
  expectedWorkers: number;
  logLevel: string;
  /** The control API for signaling (docs/media.md), in its own encapsulated plugin. */
  control?: ControlDeps;
}): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: deps.logLevel, base: { service: 'sfu-server' } } });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'etapiste_sfu_' });
  new Gauge({
    name: 'etapiste_sfu_workers_alive',
    help: 'mediasoup workers running on this node',
    registers: [registry],
    collect() {
      this.set(deps.pool.slots().length);
    },
  });

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
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  const control = deps.control;
  if (control) {
    new Gauge({
      name: 'etapiste_sfu_rooms',
      help: 'media rooms open on this node',
      registers: [registry],
      collect() {
        this.set(control.rooms.size);
      },
    });
    await app.register(controlRoutes, control);
  }
  return app;
}
