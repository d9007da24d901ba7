/**
 * Assembles the queue: the service (commands), the pushes that follow its changes (offers,
 * tickets, sessions, specialists' states, positions; each its own listener), the deadline pump
 * that fires whatever is due (offer expiry, wrap-up limit, grace periods, session limit, closing
 * time) from any live process, and the outbox to the ledger (transactions, demand events).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Deadline } from '../deadlines/deadline.js';
import { DeadlinePump } from '../deadlines/deadline-pump.js';
import type { Directory } from '../directory/directory.js';
import { failpoint } from '../failpoints/failpoints.js';
import type { PresencePusher } from '../presence/presence-pusher.js';
import { type PresenceStore, reportedPresence } from '../presence/presence-store.js';
import { runningCommand } from '../realtime/command-origin.js';
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import type { AppServer } from '../realtime/types.js';
import { WatchMarks } from '../realtime/watch-marks.js';
import type { Keys } from '../redis/keys.js';
import type { OfferStore } from '../sessions/offer-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { VisitStore } from '../visits/visit-store.js';
import type { ScriptReport } from './commands.js';
import { InvitePusher } from './invite-pusher.js';
import { OfferPusher } from './offer-pusher.js';
import { Outbox } from './outbox.js';
import { demandChannel, transactionChannel } from './outbox-channels.js';
import { PositionPusher } from './position-pusher.js';
import { QueueGlancePusher } from './queue-glance.js';
import { QueueService, type QueueSettings } from './queue-service.js';
import { ServiceClock } from './service-clock.js';
import { SessionPusher } from './session-pusher.js';
import { TicketPusher } from './ticket-pusher.js';
import { TicketReader } from './ticket-reader.js';

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
  /** Every agency open around the clock (`DEMO_ALWAYS_OPEN`). */
  alwaysOpen?: boolean;
  /** How often due deadlines are looked for, and how long a claimed one waits before a retry. */
  deadlineIntervalMs: number;
  deadlineLeaseMs: number;
}

export class QueueRuntime {
  readonly service: QueueService;
  readonly outbox: Outbox;
  readonly positions: PositionPusher;
  /** The one rule of whether an agency is open now (the queue's, the point's tiles'). */
  readonly clock: ServiceClock;
  /** The queues as specialists see them (`queues:watch`). */
  readonly glance: QueueGlancePusher;
  readonly deadlines: DeadlinePump;
  readonly #options: QueueRuntimeOptions;

  constructor(options: QueueRuntimeOptions) {
    this.#options = options;
    const { io, redis, redisUrl, keys, directory, visits, presence, presencePusher, sessions, offers, log, settings } =
      options;
    // Pushes to one point or specialist stay off the adapter while only this process holds them.
    PrincipalEmitter.attach(io, redis, keys, log);
    const clock = new ServiceClock(options.timeZone, options.alwaysOpen);
    this.clock = clock;
    this.service = new QueueService(redis, keys, directory, visits, presence, sessions, offers, clock, settings);
    this.deadlines = new DeadlinePump({
      redis,
      key: keys.deadlines(),
      handler: (deadline) => this.#fire(deadline),
      log,
      intervalMs: options.deadlineIntervalMs,
      leaseMs: options.deadlineLeaseMs,
    });
    this.outbox = new Outbox(
      redisUrl,
      this.service.keys.bullPrefix(),
      [transactionChannel(redis, keys, log), demandChannel(redis, keys, log)],
      log,
    );
    this.positions = new PositionPusher(io, redis, this.service, log);
    const tickets = new TicketPusher(io, redis, this.service, this.positions);
    // Listeners run in the order added, so a report's pushes go out as offers, then tickets told
    // the service closed, then the states the offers moved, then positions; the live figures
    // (supervision/) and media are added by app.ts.
    const nameOf = (id: string) => directory.user(id)?.displayName ?? id;
    this.service.addListener(new OfferPusher(io, new TicketReader(redis, keys, offers, nameOf), tickets, log, nameOf));
    this.service.addListener(new InvitePusher(io, nameOf));
    this.service.addListener(tickets);
    this.service.addListener(new SessionPusher(io, presencePusher));
    this.service.addListener({
      onReport: async (report) => {
        for (const expertId of expertsMoved(report)) {
          const reported = report.presence[expertId];
          const known = reported ? reportedPresence(reported) : undefined;
          // Told by the event that goes to every connection of theirs with it: not pushed twice.
          if (known && impliedByEvent(report, expertId, known.state)) presencePusher.told(expertId, known);
          else await presencePusher.push(expertId, known, answeredBy(report, expertId, known?.state));
        }
      },
    });
    this.service.addListener({
      onReport: async (report) => {
        if (report.refreshed) this.positions.refresh(report.refreshed);
        if (report.queues.length > 0) this.positions.changed(report.queues);
      },
      onWaitingTicketRead: (ticketId, fields) => this.positions.know(ticketId, fields),
    });
    this.glance = new QueueGlancePusher(io, redis, keys, presence, directory, log, new WatchMarks(redis, keys));
    this.service.addListener(this.glance);
    // The ledger's records are handed over at once rather than at the outbox's next round (which
    // retries what fails here).
    const handOver = () => {
      void this.outbox.flush().catch((error: unknown) => log.warn({ err: error }, 'outbox flush failed'));
    };
    this.service.addListener({ onTransactionRecorded: handOver, onDemandRecorded: handOver });
  }

  /** Starts firing deadlines (with the outbox and pushes already wired). */
  start(): void {
    this.deadlines.start();
  }

  /** One due deadline; the script behind each re-checks its state, so firing twice does nothing. */
  async #fire(deadline: Deadline): Promise<void> {
    failpoint('deadlines:after-claim');
    const { service } = this;
    const log = this.#options.log;
    switch (deadline.kind) {
      case 'request': {
        const report = await service.requestDue(deadline.id);
        if (report.due === 'in-session' && report.status === 'ok')
          log.warn({ ticketId: deadline.id }, 'session ended at the maximum length');
        return;
      }
      case 'offer':
        await service.expireOffer(deadline.id);
        return;
      case 'invite':
        await service.expireInvite(deadline.id);
        return;
      case 'wrap':
        await service.expireWrapUp(deadline.id);
        return;
      case 'redecline':
        await service.redecline(deadline.id);
        return;
      case 'reserve':
        await service.reservationLapse(deadline.id);
        return;
      case 'away': {
        const report = await service.awayAbandon(deadline.id);
        if (report.demandEvents)
          log.info({ ticketId: deadline.id }, 'stepped-away request abandoned after its pass-over');
        return;
      }
      case 'pgrace': {
        const report = await service.pointGrace(deadline.id);
        if (report.demandEvents) {
          log.info(
            { pointId: deadline.id, abandoned: report.demandEvents },
            'point did not come back; requests abandoned',
          );
        }
        return;
      }
      case 'egrace': {
        const report = await service.expertGrace(deadline.id);
        if (report.status === 'set') log.info({ expertId: deadline.id }, 'specialist offline after grace period');
        return;
      }
      case 'sgrace': {
        const report = await service.supervisorGrace(deadline.id);
        if (report.status === 'set') log.info({ principal: deadline.id }, 'supervisor gone after grace period');
        return;
      }
      case 'slimit': {
        const report = await service.sessionLimit(deadline.id);
        if (report.status === 'ok') log.warn({ sessionId: deadline.id }, 'session ended at the maximum length');
        return;
      }
      case 'close': {
        const [agency = '', language = '', phase] = deadline.id.split('|');
        const report = await service.closeQueue(agency, language, phase === 'after');
        if (report?.closed?.length) log.info({ agency, language, closed: report.closed.length }, 'service closed');
        return;
      }
    }
  }

  async close(): Promise<void> {
    this.deadlines.stop();
    this.positions.close();
    this.glance.close();
    await this.outbox.close();
  }
}

/**
 * Whether the state a report left a specialist in goes to every connection of theirs with an event
 * of its own, which says it (docs/protocol.md): ringing with `offer:incoming` (an offer made to
 * them: an invite has no such event), in a session with `session:started` (the accept that started
 * it, to its specialist and its interpreter; a consultant's join has none). About a fifth of a
 * match's pushes were these repeats.
 */
function impliedByEvent(report: ScriptReport, expertId: string, state: string): boolean {
  if (state === 'offered') return report.offers.some((made) => made.expertId === expertId);
  if (state === 'in-session' && report.session)
    return report.session.expertId === expertId || report.session.interpreterId === expertId;
  return false;
}

/**
 * The connection whose command's answer already says the state a report left a specialist in:
 * their own `session:end` or `session:transfer`, answered with the session's end (wrap-up follows),
 * their own `presence:set`, answered with the state it left them in (available or away), and their
 * own `offer:decline` and `session:wrap-up`, answered with the state they are in after it.
 */
function answeredBy(report: ScriptReport, expertId: string, state: string | undefined): string | undefined {
  const command = runningCommand();
  const ownEnd = report.endReason === 'ended' || report.endReason === 'transferred';
  if (state === 'wrap-up' && ownEnd && report.expertId === expertId) return command?.socketId;
  if (command?.principalId !== expertId) return undefined;
  const chosen = state === 'available' || state === 'away';
  if (chosen && command.event === 'presence:set') return command.socketId;
  if (ANSWERED_WITH_OWN_STATE.has(command.event)) return command.socketId;
  return undefined;
}

/**
 * Commands whose answer is the sender's own state after them (`PresenceStatus`, read from the same
 * report the push would carry): their sender's connection is not pushed it again. Not
 * `session:leave-as-guest`, whose client (the supervisor's call view) does not take its state from
 * the answer.
 */
const ANSWERED_WITH_OWN_STATE = new Set(['offer:decline', 'session:wrap-up']);

/** The specialists whose state a script report moved: offers made and withdrawn, and the one it acted for. */
function expertsMoved(report: ScriptReport): Set<string> {
  const experts = new Set<string>();
  for (const made of report.offers) experts.add(made.expertId);
  for (const id of Object.keys(report.presence)) experts.add(id);
  for (const gone of report.withdrawn) experts.add(gone.expertId);
  if (report.expertId) experts.add(report.expertId);
  return experts;
}
