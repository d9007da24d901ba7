/**
 * Assembles the queue: the service (commands), the pushes that follow its changes (offers,
 * tickets, sessions, specialists' states, positions; each its own listener), the BullMQ timers and
 * the outbox to the ledger (transactions, demand events), and wires the timers back to the service.
 * The grace periods live here too: they need to know whether a principal still has a connection on any signaling process, which
 * the Socket.IO adapter answers (`fetchSockets` across processes).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { PresencePusher } from '../presence/presence-pusher.js';
import type { PresenceStore } from '../presence/presence-store.js';
import { expertRoom, pointRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { Keys } from '../redis/keys.js';
import type { OfferStore } from '../sessions/offer-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { VisitStore } from '../visits/visit-store.js';
import type { ScriptReport } from './commands.js';
import { OfferPusher } from './offer-pusher.js';
import { Outbox } from './outbox.js';
import { demandChannel, transactionChannel } from './outbox-channels.js';
import { PositionPusher } from './position-pusher.js';
import { QueueService, type QueueSettings } from './queue-service.js';
import { ServiceClock } from './service-clock.js';
import { SessionPusher } from './session-pusher.js';
import { TicketPusher } from './ticket-pusher.js';
import { TicketReader } from './ticket-reader.js';
import { QueueTimers, type TimerJob } from './timers.js';

export interface QueueRuntimeOptions {
  io: AppServer;
  redis: Redis;
  redisUrl: string;
  keys: Keys;
  directory: Directory;
  visits: VisitStore;
  presence: PresenceStore;
  presencePusher: PresencePusher;
  sessions: SessionStore;
  offers: OfferStore;
  log: FastifyBaseLogger;
  settings: QueueSettings;
  timeZone: string;
  pointGraceMs: number;
  expertGraceMs: number;
}

export class QueueRuntime {
  readonly service: QueueService;
  readonly outbox: Outbox;
  readonly positions: PositionPusher;
  readonly #timers: QueueTimers;
  readonly #options: QueueRuntimeOptions;

  constructor(options: QueueRuntimeOptions) {
    this.#options = options;
    const { io, redis, redisUrl, keys, directory, visits, presence, presencePusher, sessions, offers, log, settings } =
      options;
    const clock = new ServiceClock(options.timeZone);
    this.service = new QueueService(redis, keys, directory, visits, presence, sessions, offers, clock, settings);
    this.#timers = new QueueTimers(redisUrl, this.service.keys.bullPrefix(), (job) => this.#onTimer(job), log);
    this.outbox = new Outbox(
      redisUrl,
      this.service.keys.bullPrefix(),
      [transactionChannel(redis, keys, sessions, log), demandChannel(redis, keys, log)],
      log,
    );
    this.positions = new PositionPusher(io, redis, this.service, log);
    const tickets = new TicketPusher(io, redis, this.service, this.positions);
    const reader = new TicketReader(redis, keys, offers);
    // Listeners run in the order added: the timers a change arms first, then its pushes (offers,
    // the states the offers moved, positions); the live figures (supervision/) and media are added
    // by app.ts.
    this.service.addListener({
      onReport: async (report) => {
        for (const made of report.offers) await this.#timers.offerTimeout(made.offerId, settings.offerTimeoutMs);
      },
      onSessionEnded: (ended) => this.#timers.wrapUpTimeout(ended.sessionId, settings.wrapUpLimitMs),
    });
    this.service.addListener(new OfferPusher(io, reader, tickets, log));
    this.service.addListener(new SessionPusher(io, tickets));
    this.service.addListener({
      onReport: async (report) => {
        for (const expertId of expertsMoved(report)) await presencePusher.push(expertId);
      },
    });
    this.service.addListener({
      onReport: async (report) => {
        if (report.queues.length > 0) this.positions.changed(report.queues);
      },
    });
    // The ledger's records are handed over at once rather than at the outbox's next round (which
    // retries what fails here).
    const handOver = () => {
      void this.outbox.flush().catch((error: unknown) => log.warn({ err: error }, 'outbox flush failed'));
    };
    this.service.addListener({ onTransactionRecorded: handOver, onDemandRecorded: handOver });
  }

  /** A point or specialist lost a connection: start their grace period. */
  async onDisconnect(principal: { role: string; id: string }): Promise<void> {
    if (principal.role === 'point') {
      const waiting = await this.#options.redis.scard(this.service.keys.pointTickets(principal.id));
      if (waiting > 0) await this.#timers.pointGrace(principal.id, this.#options.pointGraceMs);
    } else if (principal.role === 'expert') {
      await this.#timers.expertGrace(principal.id, this.#options.expertGraceMs);
    }
  }

  async #connected(room: string): Promise<boolean> {
    const sockets = await this.#options.io.in(room).fetchSockets();
    return sockets.length > 0;
  }

  async #onTimer(job: TimerJob): Promise<number | undefined> {
    const log = this.#options.log;
    switch (job.kind) {
      case 'offer-timeout':
        return this.service.expireOffer(job.offerId);
      case 'wrap-up-timeout':
        return this.service.expireWrapUp(job.sessionId);
      case 'point-grace': {
        if (await this.#connected(pointRoom(job.pointId))) return undefined;
        const abandoned = await this.service.abandonAll(job.pointId);
        if (abandoned > 0) log.info({ pointId: job.pointId, abandoned }, 'point did not come back; requests abandoned');
        return undefined;
      }
      case 'expert-grace': {
        if (await this.#connected(expertRoom(job.expertId))) return undefined;
        const report = await this.service.goOffline(job.expertId);
        if (report.status === 'set') log.info({ expertId: job.expertId }, 'specialist offline after grace period');
        return undefined;
      }
    }
  }

  async close(): Promise<void> {
    this.positions.close();
    await this.#timers.close();
    await this.outbox.close();
  }
}

/** The specialists whose state a script report moved: offers made and withdrawn, and the one it acted for. */
function expertsMoved(report: ScriptReport): Set<string> {
  const experts = new Set<string>();
  for (const made of report.offers) experts.add(made.expertId);
  for (const gone of report.withdrawn) experts.add(gone.expertId);
  if (report.expertId) experts.add(report.expertId);
  return experts;
}
