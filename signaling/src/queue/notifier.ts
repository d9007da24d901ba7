/**
 * Turns the queue's state changes into pushes: offers to specialists, live figures to supervisors,
 * sessions that ended to both sides. (Deadlines are written by the scripts themselves.) Pushes go through the Socket.IO adapter, so a client connected
 * to another signaling process receives them too. Positions and estimates of waiting points are the
 * position pusher's (each process pushes to its own points).
 */
import type { Language, MetricsSnapshot, Offer, Session } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { PresenceStore } from '../presence/presence-store.js';
import { expertRoom, metricsRoom, pointRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { ScriptReport } from './commands.js';
import type { Outbox } from './outbox.js';
import type { PositionPusher } from './position-pusher.js';
import type { QueueMetricsReader } from './queue-metrics.js';
import type { QueueEvents, QueueListener, QueueService, SessionEndedReport } from './queue-service.js';

const METRICS_COALESCE_MS = 500;

export class QueueNotifier implements QueueListener, QueueEvents {
  readonly #metricsDirty = new Set<string>();
  #metricsTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly io: AppServer,
    private readonly redis: Redis,
    private readonly service: QueueService,
    private readonly presence: PresenceStore,
    private readonly metrics: QueueMetricsReader,
    private readonly outbox: Outbox,
    private readonly positions: PositionPusher,
    private readonly log: FastifyBaseLogger,
  ) {}

  async onReport(report: ScriptReport): Promise<void> {
    const experts = new Set<string>();
    for (const made of report.offers) {
      experts.add(made.expertId);
      const offer = await this.#offer(made.offerId, made.ticketId);
      if (offer) {
        this.io.to(expertRoom(made.expertId)).emit('offer:incoming', offer);
        this.log.info({ offerId: made.offerId, expertId: made.expertId, ticketId: made.ticketId }, 'offer made');
      }
      await this.#pushTicket(made.ticketId);
    }
    for (const gone of report.withdrawn) {
      experts.add(gone.expertId);
      if (gone.reason !== 'declined') {
        this.io.to(expertRoom(gone.expertId)).emit('offer:withdrawn', { offerId: gone.offerId, reason: gone.reason });
      }
    }
    // Requests told the service closed see it at once, with when it opens next.
    for (const ticketId of report.closed ?? []) await this.#pushTicket(ticketId);
    if (report.expertId) experts.add(report.expertId);
    for (const expertId of experts) await this.pushPresence(expertId);
    for (const queue of report.queues) this.#markDirty(queue);
  }

  async onSessionStarted(session: Session): Promise<void> {
    this.io.to(pointRoom(session.pointId)).emit('session:started', session);
    this.io.to(expertRoom(session.expertId)).emit('session:started', session);
    await this.#pushTicket(session.ticketId);
  }

  async onSessionEnded(ended: SessionEndedReport): Promise<void> {
    const { pointId, expertId, ...payload } = ended;
    this.io.to(pointRoom(pointId)).emit('session:ended', payload);
    // The specialist ended or transferred it themselves and has the answer; otherwise tell them.
    if (ended.reason !== 'ended' && ended.reason !== 'transferred') {
      this.io.to(expertRoom(expertId)).emit('session:ended', payload);
      await this.pushPresence(expertId);
    }
  }

  onTransactionRecorded(): void {
    this.#handOver();
  }

  onDemandRecorded(): void {
    this.#handOver();
  }

  /** Hands the ledger's records over now rather than at the next interval, which retries failures. */
  #handOver(): void {
    void this.outbox.flush().catch((error: unknown) => this.log.warn({ err: error }, 'outbox flush failed'));
  }

  onDemandDenied(agency: string, language: string): void {
    this.#metricsDirty.add(`${agency}:${language}`);
    this.#scheduleMetrics();
  }

  async pushPresence(expertId: string): Promise<void> {
    this.io.to(expertRoom(expertId)).emit('presence:changed', await this.presence.get(expertId));
  }

  async snapshot(agencies?: readonly string[]): Promise<MetricsSnapshot> {
    const queues = await Promise.all(this.metrics.queues(agencies).map((q) => this.metrics.read(q.agency, q.language)));
    return { at: new Date().toISOString(), queues };
  }

  close(): void {
    this.#closed = true;
    this.positions.close();
    clearTimeout(this.#metricsTimer);
  }

  #markDirty(queue: string): void {
    this.positions.changed([queue]);
    this.#metricsDirty.add(queue);
    this.#scheduleMetrics();
  }

  #scheduleMetrics(): void {
    this.#metricsTimer ??= setTimeout(() => void this.#flushMetrics(), METRICS_COALESCE_MS);
  }

  async #pushTicket(ticketId: string): Promise<void> {
    const pointId = await this.redis.hget(this.service.keys.ticket(ticketId), 'pointId');
    const view = await this.service.ticketView(ticketId);
    this.positions.forget(ticketId);
    if (pointId && view) this.io.to(pointRoom(pointId)).emit('ticket:update', view);
  }

  async #flushMetrics(): Promise<void> {
    this.#metricsTimer = undefined;
    const queues = [...this.#metricsDirty];
    this.#metricsDirty.clear();
    if (this.#closed) return;
    const byAgency = new Map<string, MetricsSnapshot['queues']>();
    for (const queue of queues) {
      const [agency, language] = queue.split(':') as [string, Language];
      try {
        const figures = await this.metrics.read(agency, language);
        byAgency.set(agency, [...(byAgency.get(agency) ?? []), figures]);
      } catch (error) {
        this.log.warn({ err: error, queue }, 'metrics read failed');
      }
    }
    const at = new Date().toISOString();
    for (const [agency, figures] of byAgency)
      this.io.to(metricsRoom(agency)).emit('metrics:update', { at, queues: figures });
  }

  async #offer(offerId: string, ticketId: string): Promise<Offer | undefined> {
    const [offer, ticket] = await Promise.all([
      this.redis.hgetall(this.service.keys.offer(offerId)),
      this.redis.hgetall(this.service.keys.ticket(ticketId)),
    ]);
    if (!offer.expiresAt || !ticket.agency) return undefined;
    return {
      offerId,
      ticketId,
      visitId: ticket.visitId ?? '',
      pointId: ticket.pointId ?? '',
      agency: ticket.agency,
      language: ticket.language as Language,
      enqueuedAt: new Date(Number(ticket.enqueuedAt)).toISOString(),
      expiresAt: new Date(Number(offer.expiresAt)).toISOString(),
      ...(ticket.topic ? { topic: ticket.topic } : {}),
      ...(ticket.note ? { note: ticket.note } : {}),
      ...(ticket.transferredFrom ? { transferredFrom: ticket.transferredFrom } : {}),
      ...(ticket.transferNote ? { transferNote: ticket.transferNote } : {}),
    };
  }
}
