/**
 * Prometheus: the service's instruments and the `/metrics` endpoint that serves them. (The queue's
 * live figures for supervisors, `metrics:*` on the socket, are another thing: queue/queue-metrics.ts.)
 * A registry per server instance (not the global one), so tests can run several servers in one
 * process.
 *
 * `/metrics` is not public (docs/security.md): it is served on an internal listener of its own
 * (METRICS_PORT, bound to METRICS_HOST) and, only when METRICS_TOKEN is set, on the main port too.
 * When METRICS_TOKEN is set every `/metrics` answer requires `Authorization: Bearer <token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ProtocolError } from '@etapiste/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { installErrorHandler } from './error-handler.js';

export class Prometheus {
  readonly registry = new Registry();

  readonly socketsConnected = new Gauge({
    name: 'etapiste_sockets_connected',
    help: 'Connected Socket.IO clients by role',
    labelNames: ['role'] as const,
    registers: [this.registry],
  });

  readonly socketCommands = new Counter({
    name: 'etapiste_socket_commands_total',
    help: 'Socket commands handled, by event and outcome (ok or an error code)',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly socketCommandSeconds = new Histogram({
    name: 'etapiste_socket_command_seconds',
    help: 'Time to handle a socket command',
    labelNames: ['event'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'etapiste_logins_total',
    help: 'Sign-in attempts by kind and outcome (ok, failed, throttled)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly familiesRevoked = new Counter({
    name: 'etapiste_token_families_revoked_total',
    help: 'Sign-ins revoked because one of their refresh tokens was used twice',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'etapiste_signaling_' });
  }
}

export interface PrometheusRouteOptions {
  prometheus: Prometheus;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/** `GET /metrics` in Prometheus text format. */
export async function prometheusRoutes(app: FastifyInstance, options: PrometheusRouteOptions): Promise<void> {
  const { prometheus, token } = options;
  app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new ProtocolError('UNAUTHENTICATED');
    }
    reply.header('content-type', prometheus.registry.contentType);
    return prometheus.registry.metrics();
  });
}

/** The internal listener: `/metrics` only, unstarted (the caller listens on METRICS_HOST:METRICS_PORT). */
export async function prometheusListener(
  options: PrometheusRouteOptions & { log: FastifyBaseLogger },
): Promise<FastifyInstance> {
  const listener = Fastify({ loggerInstance: options.log });
  installErrorHandler(listener);
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
