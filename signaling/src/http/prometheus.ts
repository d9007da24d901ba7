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
import { ExpertState, ProtocolError, type QueueMetrics } from '@etapiste/protocol';
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

  /**
   * The queues' figures per agency × language, read from Redis when Prometheus scrapes (at most
   * once a second however many gauges ask), and whether Redis answers and the outbox's backlog.
   * The names are what infra/prometheus/alerts.yml uses (integration/prometheus-rules.test.ts).
   */
  observe(sources: {
    queues: () => Promise<QueueMetrics[]>;
    redisUp: () => boolean;
    outboxPending: () => Promise<number>;
  }): void {
    let cached: { at: number; figures: Promise<QueueMetrics[]> } | undefined;
    const figures = () => {
      if (!cached || Date.now() - cached.at > 1000) {
        cached = { at: Date.now(), figures: sources.queues().catch(() => []) };
      }
      return cached.figures;
    };
    const perQueue = (name: string, help: string, value: (q: QueueMetrics) => number | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: ['agency', 'language'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const q of await figures()) {
            const v = value(q);
            if (v !== undefined) this.set({ agency: q.agency, language: q.language }, v);
          }
        },
      });
    perQueue('etapiste_queue_waiting', 'Customers waiting now', (q) => q.waiting);
    perQueue('etapiste_queue_longest_wait_seconds', 'Longest wait now, seconds', (q) => q.longestWaitSeconds);
    perQueue('etapiste_queue_answered_today', 'Requests answered today', (q) => q.answered);
    perQueue('etapiste_queue_abandoned_today', 'Requests abandoned today', (q) => q.abandoned);
    perQueue('etapiste_queue_service_level_ratio', "Today's share answered within the target", (q) =>
      q.serviceLevelPct === undefined ? undefined : q.serviceLevelPct / 100,
    );
    perQueue(
      'etapiste_queue_service_level_target_seconds',
      "The agency's service-level target",
      (q) => q.serviceLevelTargetSeconds,
    );
    perQueue('etapiste_queue_asa_seconds', "Today's average speed of answer, seconds", (q) => q.asaSeconds);
    new Gauge({
      name: 'etapiste_queue_specialists',
      help: 'Specialists with the skill by state (available, busy, …, offline)',
      labelNames: ['agency', 'language', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const q of await figures()) {
          for (const state of ExpertState.options) {
            this.set({ agency: q.agency, language: q.language, state }, q.experts[state] ?? 0);
          }
        }
      },
    });
    new Gauge({
      name: 'etapiste_redis_up',
      help: "1 while this process's Redis connection is ready",
      registers: [this.registry],
      collect() {
        this.set(sources.redisUp() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'etapiste_outbox_pending',
      help: 'Transactions recorded in Redis and not yet handed to the ledger queue',
      registers: [this.registry],
      async collect() {
        this.set(await sources.outboxPending().catch(() => 0));
      },
    });
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
