/**
 * Prometheus: the node's instruments and the `/metrics` endpoint that serves them. A registry per
 * node (not the global one), so tests can run several nodes in one process.
 *
 * `/metrics` is not public (docs/security.md), as on signaling and with the same variables: it is
 * served on an internal listener of its own (METRICS_PORT, bound to METRICS_HOST) and, only when
 * METRICS_TOKEN is set, on the main port (beside the control API) too. When METRICS_TOKEN is set
 * every `/metrics` answer requires `Authorization: Bearer <token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ProtocolError } from '@etapiste/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { RoomManager } from '../rooms/room-manager.js';
import type { WorkerPool } from '../workers/worker-pool.js';

/**
 * Process metrics; live workers and worker deaths; and, on a node with the control API, rooms and
 * consumers per worker. CPU per worker is a counter of the worker's CPU seconds (mediasoup's
 * `getResourceUsage()`, user + system): `rate()` of it is the share of a core it uses. A replaced
 * worker starts again from zero, which `rate()` reads as a counter reset.
 */
export function sfuRegistry(pool: WorkerPool, rooms: RoomManager | undefined): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'etapiste_sfu_' });
  new Gauge({
    name: 'etapiste_sfu_workers_alive',
    help: 'mediasoup workers running on this node',
    registers: [registry],
    collect() {
      this.set(pool.slots().length);
    },
  });
  // Counted as it happens: the pool replaces a dead worker within a second, so the number alive
  // hardly ever shows a death to a scrape.
  const deaths = new Counter({
    name: 'etapiste_sfu_worker_deaths_total',
    help: 'mediasoup workers that died on this node (each is replaced in its slot)',
    registers: [registry],
  });
  pool.on('worker-died', () => deaths.inc());
  new Counter({
    name: 'etapiste_sfu_worker_cpu_seconds_total',
    help: 'CPU time (user + system) used by each mediasoup worker since it started, seconds',
    labelNames: ['worker'],
    registers: [registry],
    async collect() {
      const used = await Promise.all(
        pool.slots().map(async (slot) => {
          const usage = await slot.worker.getResourceUsage().catch(() => undefined);
          return { worker: String(slot.index), seconds: usage ? (usage.ru_utime + usage.ru_stime) / 1000 : undefined };
        }),
      );
      this.reset();
      for (const { worker, seconds } of used) if (seconds !== undefined) this.inc({ worker }, seconds);
    },
  });
  if (rooms) {
    new Gauge({
      name: 'etapiste_sfu_rooms',
      help: 'media rooms open on this node',
      registers: [registry],
      collect() {
        this.set(rooms.size);
      },
    });
    new Gauge({
      name: 'etapiste_sfu_worker_rooms',
      help: 'media rooms open on each mediasoup worker',
      labelNames: ['worker'],
      registers: [registry],
      collect() {
        this.reset();
        for (const slot of pool.slots()) this.set({ worker: String(slot.index) }, rooms.roomsOnWorker(slot.index));
      },
    });
    new Gauge({
      name: 'etapiste_sfu_worker_consumers',
      help: 'consumers (streams sent to a participant) on each mediasoup worker',
      labelNames: ['worker'],
      registers: [registry],
      collect() {
        this.reset();
        for (const slot of pool.slots()) {
          this.set({ worker: String(slot.index) }, rooms.consumersOnWorker(slot.index));
        }
      },
    });
  }
  return registry;
}

export interface PrometheusRouteOptions {
  registry: Registry;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/** `GET /metrics` in Prometheus text format. */
export async function prometheusRoutes(app: FastifyInstance, options: PrometheusRouteOptions): Promise<void> {
  const { registry, token } = options;
  app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      const error = new ProtocolError('UNAUTHENTICATED');
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return reply.status(error.status).send({ error: error.toWire() });
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

/** The internal listener: `/metrics` only, unstarted (the caller listens on METRICS_HOST:METRICS_PORT). */
export async function prometheusListener(
  options: PrometheusRouteOptions & { log: FastifyBaseLogger },
): Promise<FastifyInstance> {
  const listener = Fastify({ loggerInstance: options.log });
  await listener.register(prometheusRoutes, options);
  return listener;
}

/** Compares digests in constant time, so the answer's timing tells nothing about the token. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
  if (!presented) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
