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
import type { LedgerBacklogFigure } from '../ledger/ledger-backlog.js';
import type { OutboxBacklogFigure } from '../queue/outbox-backlog.js';
import { installErrorHandler } from './error-handler.js';

/** The longest a scrape waits for one Redis read before reporting without it. */
const READ_MS = 2000;

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
   * once a second however many gauges ask), whether Redis answers, and how far the outbox and the
   * ledger are behind. The names are what infra/prometheus/alerts.yml and the Grafana dashboard
   * (infra/grafana/) use (integration/prometheus-rules.test.ts checks both).
   *
   * Every Redis read is skipped while the connection is down and given up after {@link READ_MS}:
   * commands wait for Redis to come back (maxRetriesPerRequest: null), and a scrape that waited
   * with them would time out and report the process down instead of `etapiste_redis_up 0`.
   */
  observe(sources: {
    queues: () => Promise<QueueMetrics[]>;
    redisUp: () => boolean;
    outbox: () => Promise<OutboxBacklogFigure[]>;
    ledger: () => Promise<LedgerBacklogFigure[]>;
    /** Whether the process's database answers; absent for a process without one (no gauge then). */
    databaseUp?: () => Promise<boolean>;
  }): void {
    const fromRedis = <T>(read: () => Promise<T>, fallback: T): Promise<T> => {
      if (!sources.redisUp()) return Promise.resolve(fallback);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(fallback), READ_MS);
      });
      return Promise.race([read().catch(() => fallback), late]).finally(() => clearTimeout(timer));
    };
    let cached: { at: number; figures: Promise<QueueMetrics[]> } | undefined;
    // A read cached while Redis was up is not served once it is down: the scrape says so at once.
    const figures = () => {
      if (!sources.redisUp()) return Promise.resolve([]);
      if (!cached || Date.now() - cached.at > 1000) {
        cached = { at: Date.now(), figures: fromRedis(sources.queues, []) };
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

    const databaseUp = sources.databaseUp;
    if (databaseUp) {
      new Gauge({
        name: 'etapiste_database_up',
        help: "1 while this process's database (PostgreSQL or the embedded PGlite) answers SELECT 1",
        registers: [this.registry],
        async collect() {
          // An unreachable PostgreSQL may hold the probe until its connect timeout: a scrape that
          // waited would read as the process being down, not the database.
          let timer: ReturnType<typeof setTimeout> | undefined;
          const late = new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), READ_MS);
          });
          const up = await Promise.race([databaseUp().catch(() => false), late]).finally(() => clearTimeout(timer));
          this.set(up ? 1 : 0);
        },
      });
    }

    // The outbox and the ledger: one read per scrape each, shared by their gauges.
    const once = <T>(read: () => Promise<T>, fallback: T) => {
      let cachedRead: { at: number; value: Promise<T> } | undefined;
      return () => {
        if (!sources.redisUp()) return Promise.resolve(fallback);
        if (!cachedRead || Date.now() - cachedRead.at > 1000) {
          cachedRead = { at: Date.now(), value: fromRedis(read, fallback) };
        }
        return cachedRead.value;
      };
    };
    const outbox = once(sources.outbox, []);
    const ledger = once(sources.ledger, []);
    new Gauge({
      name: 'etapiste_outbox_pending',
      help: 'Records marked in Redis and not yet handed to their ledger queue, by channel (transactions, demand)',
      labelNames: ['channel'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const f of await outbox()) this.set({ channel: f.channel }, f.pending);
      },
    });
    new Gauge({
      name: 'etapiste_outbox_oldest_seconds',
      help: 'Age of the oldest record not yet handed to its ledger queue, seconds (0 when none)',
      labelNames: ['channel'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const f of await outbox()) this.set({ channel: f.channel }, f.oldestSeconds ?? 0);
      },
    });
    new Gauge({
      name: 'etapiste_ledger_jobs',
      help: 'Jobs in the ledger queues (transactions, demand, feedback, audit) by state (waiting, delayed, active, failed)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const f of await ledger()) {
          for (const [state, count] of Object.entries(f.jobs)) this.set({ queue: f.queue, state }, count);
        }
      },
    });
    new Gauge({
      name: 'etapiste_ledger_oldest_seconds',
      help: 'Age of the oldest job the ledger has not yet written (waiting or delayed), seconds (0 when none)',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const f of await ledger()) this.set({ queue: f.queue }, f.oldestSeconds ?? 0);
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
