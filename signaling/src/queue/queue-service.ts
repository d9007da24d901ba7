/**
 * The queue's commands as the rest of the service sees them: validation against the directory,
 * one atomic script per state change, and a report to its listeners (pushes, timers, live figures).
 * Handlers call this; so do the timers (offer timeouts, wrap-up limits, grace periods).
 */
import { randomBytes } from 'node:crypto';
import {
  type AwayReason,
  type Language,
  ProtocolError,
  type RequestCreateResult,
  type Session,
  type TicketView,
} from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { Presence, PresenceStore } from '../presence/presence-store.js';
import type { Keys } from '../redis/keys.js';
import type { OfferStore } from '../sessions/offer-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { VisitStore } from '../visits/visit-store.js';
import { QueueCommands, type ScriptReport } from './commands.js';
import { estimateWaitSeconds } from './estimate.js';
import type { ServiceClock } from './service-clock.js';
import { ticketFacts } from './ticket-record.js';

export interface QueueSettings {
  offerTimeoutMs: number;
  wrapUpLimitMs: number;
  /** Handle time assumed by the estimate before a queue has any history. */
  defaultHandleMs: number;
}

export interface SessionEndedReport {
  sessionId: string;
  pointId: string;
  endedAt: string;
  wrapUpDeadline: string;
  transferTicketId?: string;
}

/**
 * What the service tells the outside world about. Listeners implement the events they need (each
 * push its own: offers, tickets, sessions, presence, positions, live figures; the outbox hands the
 * ledger's records over; media ends its grant when a session ends) and are called in the order
 * they were added, each awaited before the next.
 */
export interface QueueEvents {
  onReport?(report: ScriptReport): Promise<void>;
  onSessionStarted?(session: Session): Promise<void>;
  onSessionEnded?(ended: SessionEndedReport): Promise<void>;
  onTransactionRecorded?(): void;
  onDemandDenied?(agency: string, language: string): void;
  /** A demand event (cancelled, abandoned, denied) waits in `demand:pending` for the outbox. */
  onDemandRecorded?(): void;
}

export interface QueueContext {
  /**
   * Specialists working the queue now (available, ringing, in session, wrap-up), each counted as
   * the share of their time the queue gets: 1 / number of their skills.
   */
  working: number;
  ahtMs: number;
}

export class QueueService {
  readonly #commands: QueueCommands;
  readonly #listeners: QueueEvents[] = [];

  constructor(
    private readonly redis: Redis,
    readonly keys: Keys,
    private readonly directory: Directory,
    private readonly visits: VisitStore,
    private readonly presence: PresenceStore,
    private readonly sessions: SessionStore,
    private readonly offers: OfferStore,
    private readonly clock: ServiceClock,
    readonly settings: QueueSettings,
  ) {
    this.#commands = new QueueCommands(redis, keys.prefix);
  }

  addListener(listener: QueueEvents): void {
    this.#listeners.push(listener);
  }

  async #tell<K extends keyof QueueEvents>(event: K, ...args: Parameters<NonNullable<QueueEvents[K]>>): Promise<void> {
    for (const listener of this.#listeners) {
      await (listener[event] as ((...a: typeof args) => unknown) | undefined)?.apply(listener, args);
    }
  }

  async #run(name: Parameters<QueueCommands['run']>[0], ...args: (string | number)[]): Promise<ScriptReport> {
    const report = await this.#commands.run(name, ...args);
    if (report.offers.length || report.withdrawn.length || report.queues.length) await this.#tell('onReport', report);
    return report;
  }

  // ── points ────────────────────────────────────────────────────────────────────────────────

  async createRequest(
    pointId: string,
    request: { agency: string; language: Language; topic?: string; note?: string; whenUnavailable: 'ask' | 'wait' },
  ): Promise<RequestCreateResult> {
    const agency = this.directory.agency(request.agency);
    if (!agency) throw new ProtocolError('UNKNOWN_AGENCY');
    if (!agency.languages.includes(request.language)) throw new ProtocolError('UNKNOWN_LANGUAGE');
    if (request.topic && !agency.topics.some((t) => t.id === request.topic)) throw new ProtocolError('UNKNOWN_TOPIC');

    const open = this.clock.isOpen(agency);
    const online = await this.redis.scard(this.keys.staffed(agency.id, request.language));
    if ((!open || online === 0) && request.whenUnavailable === 'ask') {
      // Denied demand is counted, never silently re-routed: the advisor chooses what next. The
      // day's counter and the ledger's demand event are written in one MULTI.
      const reason = open ? 'nobody-online' : 'closed';
      const stats = this.keys.stats(this.clock.day(), agency.id, request.language);
      const event = {
        kind: 'denied',
        pointId,
        agency: agency.id,
        language: request.language,
        reason,
        atMs: Date.now(),
      };
      await this.redis
        .multi()
        .hincrby(stats, 'denied', 1)
        .expire(stats, 40 * 86400)
        .hset(this.keys.pendingDemand(), newId(), JSON.stringify(event))
        .exec();
      await this.#tell('onDemandDenied', agency.id, request.language);
      await this.#tell('onDemandRecorded');
      const languagesOnline: Language[] = [];
      if (open) {
        for (const language of agency.languages) {
          if (language !== request.language && (await this.redis.scard(this.keys.staffed(agency.id, language))) > 0)
            languagesOnline.push(language);
        }
      }
      return { status: 'unavailable', reason, languagesOnline };
    }

    const visit = await this.visits.openFor(pointId);
    const ticketId = newId();
    const resumeToken = randomBytes(18).toString('base64url');
    const fields: Record<string, string> = {
      visitId: visit.id,
      pointId,
      agency: agency.id,
      language: request.language,
      resumeToken,
      ...(request.topic ? { topic: request.topic } : {}),
      ...(request.note ? { note: request.note } : {}),
    };
    await this.#run('enqueue', ticketId, this.settings.offerTimeoutMs, '0', JSON.stringify(fields));
    const ticket = await this.ticketView(ticketId);
    if (!ticket) throw new ProtocolError('INTERNAL');
    return { status: 'queued', ticket, resumeToken };
  }

  async cancel(
    pointId: string,
    ticketId: string,
    reason: 'cancelled' | 'abandoned' = 'cancelled',
  ): Promise<TicketView> {
    const report = await this.#run('cancel', ticketId, pointId, reason, this.clock.day(), this.settings.offerTimeoutMs);
    if (report.demandEventId) await this.#tell('onDemandRecorded');
    if (report.status === 'not-found') throw new ProtocolError('NOT_FOUND');
    if (report.status === 'closed') throw new ProtocolError('REQUEST_CLOSED');
    const view = await this.ticketView(ticketId);
    if (!view) throw new ProtocolError('NOT_FOUND');
    return view;
  }

  async resume(pointId: string, ticketId: string, resumeToken: string): Promise<TicketView> {
    const [owner, token] = await this.redis.hmget(this.keys.ticket(ticketId), 'pointId', 'resumeToken');
    if (owner !== pointId || token !== resumeToken) throw new ProtocolError('NOT_FOUND');
    const view = await this.ticketView(ticketId);
    if (!view) throw new ProtocolError('NOT_FOUND');
    return view;
  }

  /** The point's requests still in play (waiting, ringing or in a session). */
  async activeTickets(pointId: string): Promise<TicketView[]> {
    const ids = await this.redis.smembers(this.keys.pointTickets(pointId));
    const views = await Promise.all(ids.map((id) => this.ticketView(id)));
    return views
      .filter((view): view is TicketView => view !== undefined)
      .sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt));
  }

  /** Abandons what a point left waiting (called when its grace period ends with no connection). */
  async abandonAll(pointId: string): Promise<number> {
    let abandoned = 0;
    for (const ticket of await this.activeTickets(pointId)) {
      if (ticket.state !== 'waiting' && ticket.state !== 'offered') continue;
      const report = await this.#run(
        'cancel',
        ticket.ticketId,
        pointId,
        'abandoned',
        this.clock.day(),
        this.settings.offerTimeoutMs,
      );
      if (report.status === 'ok') abandoned++;
      if (report.demandEventId) await this.#tell('onDemandRecorded');
    }
    return abandoned;
  }

  // ── specialists ───────────────────────────────────────────────────────────────────────────

  // The scripts behind a specialist's own choice of state; presence/presence-service.ts decides
  // when they run and with which skills (`skills`: the presence record's skills field).

  async goAvailable(expertId: string, skills: string): Promise<ScriptReport> {
    return this.#run('goAvailable', expertId, skills, this.settings.offerTimeoutMs);
  }

  async goAway(expertId: string, skills: string, reason: AwayReason): Promise<ScriptReport> {
    return this.#run('goAway', expertId, skills, reason);
  }

  /** Offline after the grace period; a specialist in a session or wrap-up keeps it. */
  async goOffline(expertId: string): Promise<ScriptReport> {
    return this.#run('goOffline', expertId, this.settings.offerTimeoutMs);
  }

  async accept(expertId: string, offerId: string): Promise<Session> {
    const ticketId = (await this.offers.get(offerId))?.ticketId;
    if (!ticketId) throw new ProtocolError('OFFER_GONE');
    const agencyId = await this.redis.hget(this.keys.ticket(ticketId), 'agency');
    const target = (agencyId && this.directory.agency(agencyId)?.serviceLevelTargetSeconds) || 120;
    const report = await this.#run('accept', offerId, expertId, this.clock.day(), target);
    if (report.status === 'gone') throw new ProtocolError('OFFER_GONE');
    if (report.status === 'not-yours') throw new ProtocolError('FORBIDDEN');
    if (report.status === 'expired') throw new ProtocolError('OFFER_EXPIRED');
    const session = await this.session(report.sessionId ?? '');
    if (!session) throw new ProtocolError('INTERNAL');
    await this.#tell('onSessionStarted', session);
    return session;
  }

  async decline(expertId: string, offerId: string): Promise<Presence> {
    const report = await this.#run('decline', offerId, expertId, this.settings.offerTimeoutMs);
    if (report.status === 'gone') throw new ProtocolError('OFFER_GONE');
    if (report.status === 'not-yours') throw new ProtocolError('FORBIDDEN');
    return this.presence.get(expertId);
  }

  /** Returns milliseconds to wait and try again when the offer is not yet due (clock skew). */
  async expireOffer(offerId: string): Promise<number | undefined> {
    const report = await this.#run('expireOffer', offerId, this.settings.offerTimeoutMs);
    return report.status === 'early' ? (report.retryInMs ?? 100) : undefined;
  }

  async endSession(expertId: string, sessionId: string): Promise<SessionEndedReport> {
    const report = await this.#run('endSession', sessionId, expertId, this.settings.wrapUpLimitMs);
    if (report.status !== 'ok') throw new ProtocolError('NOT_IN_SESSION');
    return this.#ended(sessionId, report);
  }

  async transfer(
    expertId: string,
    sessionId: string,
    target: { agency: string; language: Language; note?: string },
  ): Promise<SessionEndedReport> {
    const agency = this.directory.agency(target.agency);
    if (!agency) throw new ProtocolError('UNKNOWN_AGENCY');
    if (!agency.languages.includes(target.language)) throw new ProtocolError('UNKNOWN_LANGUAGE');
    const session = await this.sessions.get(sessionId);
    if (session?.expertId !== expertId || session.endedAt !== undefined) throw new ProtocolError('NOT_IN_SESSION');
    const { visitId, pointId } = session;
    const ticketId = newId();
    const fields: Record<string, string> = {
      visitId,
      pointId,
      agency: agency.id,
      language: target.language,
      transferredFrom: sessionId,
      resumeToken: randomBytes(18).toString('base64url'),
      ...(target.note ? { transferNote: target.note } : {}),
    };
    const report = await this.#run(
      'transfer',
      sessionId,
      expertId,
      this.settings.wrapUpLimitMs,
      ticketId,
      JSON.stringify(fields),
      this.settings.offerTimeoutMs,
    );
    if (report.status !== 'ok') throw new ProtocolError('NOT_IN_SESSION');
    return this.#ended(sessionId, report, ticketId);
  }

  async #ended(sessionId: string, report: ScriptReport, transferTicketId?: string): Promise<SessionEndedReport> {
    const pointId = (await this.redis.hget(this.keys.session(sessionId), 'pointId')) ?? '';
    const ended: SessionEndedReport = {
      sessionId,
      pointId,
      endedAt: new Date(report.endedAt ?? Date.now()).toISOString(),
      wrapUpDeadline: new Date(report.wrapUpDeadline ?? Date.now()).toISOString(),
      ...(transferTicketId ? { transferTicketId } : {}),
    };
    await this.#tell('onSessionEnded', ended);
    return ended;
  }

  async wrapUp(expertId: string, sessionId: string, outcome: string): Promise<Presence> {
    const agencyId = (await this.sessions.get(sessionId))?.agency;
    const agency = agencyId ? this.directory.agency(agencyId) : undefined;
    if (!agency) throw new ProtocolError('NOT_IN_SESSION');
    if (!agency.outcomes.some((o) => o.id === outcome)) throw new ProtocolError('UNKNOWN_OUTCOME');
    const report = await this.#run(
      'wrapUp',
      sessionId,
      expertId,
      outcome,
      this.clock.day(),
      this.settings.offerTimeoutMs,
    );
    if (report.status === 'not-in-session') throw new ProtocolError('NOT_IN_SESSION');
    if (report.status === 'same') throw new ProtocolError('CONFLICT', { message: 'wrap-up already recorded' });
    await this.#tell('onTransactionRecorded');
    return this.presence.get(expertId);
  }

  /** The wrap-up time ran out: the outcome is recorded as missing and the specialist freed. */
  async expireWrapUp(sessionId: string): Promise<number | undefined> {
    const report = await this.#run(
      'wrapUp',
      sessionId,
      '',
      'not-recorded',
      this.clock.day(),
      this.settings.offerTimeoutMs,
    );
    if (report.status === 'ok') await this.#tell('onTransactionRecorded');
    if (report.status !== 'early') return undefined;
    const deadline = Number(await this.redis.hget(this.keys.session(sessionId), 'wrapUpDeadline'));
    return Math.max(50, deadline - Date.now());
  }

  // ── reads ─────────────────────────────────────────────────────────────────────────────────

  async session(sessionId: string): Promise<Session | undefined> {
    return this.sessions.view(sessionId);
  }

  async queueContext(agency: string, language: string): Promise<QueueContext> {
    const members = await this.redis.smembers(this.keys.staffed(agency, language));
    let working = 0;
    for (const { state, skills } of await this.presence.records(members)) {
      // A specialist of several queues serves each with a share of their time: counting them
      // whole in every queue made the estimate optimistic by about half (`pnpm bench queue`).
      if (state && state !== 'away' && state !== 'offline') working += 1 / Math.max(1, skills.length);
    }
    const aht = Number(await this.redis.get(this.keys.aht(agency, language)));
    return { working, ahtMs: aht > 0 ? aht : this.settings.defaultHandleMs };
  }

  /** A ticket as its point sees it; position and estimate only while waiting. */
  async ticketView(ticketId: string): Promise<TicketView | undefined> {
    const facts = ticketFacts(ticketId, await this.redis.hgetall(this.keys.ticket(ticketId)));
    if (facts?.state !== 'waiting') return facts;
    const index = await this.redis.zrank(this.keys.queue(facts.agency, facts.language), ticketId);
    if (index === null) return facts;
    const position = index + 1;
    const context = await this.queueContext(facts.agency, facts.language);
    const etaSeconds = estimateWaitSeconds(position, context.working, context.ahtMs);
    return { ...facts, position, ...(etaSeconds !== undefined ? { etaSeconds } : {}) };
  }
}

function newId(): string {
  return randomBytes(12).toString('base64url');
}
