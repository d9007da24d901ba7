/**
 * `/healthz`: the process is alive. `/readyz`: it can serve (Redis answers); a load balancer stops
 * sending traffic when it fails, e.g. while Redis restarts or during shutdown. Both are public: they
 * say no more than whether the process serves. (`/metrics` is not: prometheus.ts.)
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

export interface HealthDeps {
  redis: Redis;
  version: string;
  isShuttingDown: () => boolean;
}

export async function healthRoutes(app: FastifyInstance, deps: HealthDeps): Promise<void> {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok', version: deps.version }));

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    if (deps.isShuttingDown()) return reply.status(503).send({ status: 'shutting-down' });
    try {
      await withTimeout(deps.redis.ping(), 1000);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'redis-unavailable' });
    }
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
