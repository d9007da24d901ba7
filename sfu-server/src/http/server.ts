/** Health, readiness and Prometheus metrics of the SFU node. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { WorkerPool } from '../workers/worker-pool.js';

export function createHttpServer(deps: {
  pool: WorkerPool;
  redis: Redis;
  expectedWorkers: number;
  logLevel: string;
}): FastifyInstance {
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
  return app;
}
