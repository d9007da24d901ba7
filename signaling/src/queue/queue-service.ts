/**
 * The queue's commands as the rest of the service sees them: validation against the directory,
 * one atomic script per state change, and a report to its listeners (pushes, timers, live figures).
 * Handlers call this; so do the timers (offer timeouts, wrap-up limits, grace periods).
 */
import { randomBytes } from 'node:crypto';
import {
  type AdvisorRef,
  type Agency,
  type AwayReason,
  type ErrorCode,
  type IdentityCheck,
  type Language,
  type OfferAcceptResult,
  ProtocolError,
  type RequestCreateResult,
  type Session,
  type SessionEndReason,
  type SessionInvite,
  type TicketView,
} from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import { holds } from '../directory/seed.js';
import { failpoint } from '../failpoints/failpoints.js';
import { queueSkillsOf } from '../presence/presence-record.js';
import { type Presence, type PresenceStore, reportedPresence } from '../presence/presence-store.js';
import type { Keys } from '../redis/keys.js';
import type { OfferStore } from '../sessions/offer-store.js';
import { parseSessionRecord, sessionView } from '../sessions/session-record.js';
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
  /** A point with no live socket this long abandons its waiting requests. */
  pointGraceMs: number;
  /** A specialist with no live socket this long goes offline; a session of theirs is interrupted. */
  expertGraceMs: number;
  /** The longest a session may run before it is ended as interrupted. */
  sessionLimitMs: number;
  /** After closing time, how long requests already waiting are still served while specialists work. */
  serveAfterCloseMs: number;
  /** How long ended requests and sessions stay in Redis. */
  retentionSeconds: number;
  /**
   * A specialist who declined a request (or let it ring out) is offered it again after this long,
   * when nobody who has not declined it is free.
   */
  declineCooldownMs: number;
  /** After this long in the queue the point says the wait is long and offers the choices. */
  longWaitMs: number;
  /**
   * A booked request is offered only to its booked specialist until this long after the booked
   * time (or after arrival, when the customer is late); then to anyone of its queue. Default 5 min.
   */
  bookingExclusiveMs?: number;
  /** A passed-over stepped-away request is abandoned when met again this long after (default 2 min). */
  passOverGraceMs?: number;
  /** How long an invite into a session rings (default: as an offer). */
  inviteTimeoutMs?: number;
}

/** The booking a request was checked in for (bookings/): it queues ahead of walk-ins, for its specialist first. */
export interface BookingRef {
  id: string;
  expertId: string;
  /** The booked time, epoch ms. */
  startsAt: number;
}

export interface SessionEndedReport {
  sessionId: string;
  pointId: string;
  expertId: string;
  reason: SessionEndReason;
  endedAt: string;
  wrapUpDeadline: string;
  transferTicketId?: string;
}

/** What the ending script knew of a session that ended, for the listeners' cleanup (not sent to clients). */
export type EndedSession = NonNullable<ScriptReport['endedSession']>;

/**
 * What the service tells the outside world about. Listeners implement the events they need (each
 * push its own: offers, tickets, sessions, presence, positions, live figures; the outbox hands the
 * ledger's records over; media ends its grant when a session ends) and are called in the order
 * they were added, each awaited before the next.
 */
export interface QueueEvents {
  onReport?(report: ScriptReport): Promise<void>;
  onSessionStarted?(session: Session): Promise<void>;
  onSessionEnded?(ended: SessionEndedReport, known: EndedSession): Promise<void>;
  /** An offer with an interpreter: one side accepted; `partnerId`, the other, is told. */
  onPartnerAccepted?(partnerId: string, offerId: string): Promise<void>;
  onTransactionRecorded?(): void;
  onDemandDenied?(agency: string, language: string): void;
  /** A demand event (cancelled, abandoned, denied) waits in `demand:pending` for the outbox. */
  onDemandRecorded?(): void;
  /** A waiting request's hash was just read whole (its view): the position pushes need not read it again. */
  onWaitingTicketRead?(ticketId: string, fields: Record<string, string>): void;
}

/** What a waiting point is told besides its place: enough to offer the choices a long wait needs. */
export interface WaitingChoices {
  nobodyWorking: boolean;
  /** The agency's other languages with a specialist working now. */
  languagesServed: Language[];
  /** When the agency's service opens next (ISO). */
  opensAt?: string;
}

export interface QueueContext {
  /**
   * Specialists working the queue now (available, ringing, in session, wrap-up), each counted as
   * the share of their time the queue gets: 1 / number of their skills.
   */
  working: number;
  ahtMs: number;
  /** Start times (epoch ms) of the queue's bookings still to come today: walk-ins wait for them too (estimate.ts). */
  bookedStarts: number[];
}

/** How far ahead bookings still to come count in a walk-in's estimate. */
const BOOKED_HORIZON_MS = 12 * 3_600_000;

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
    this.#commands = new QueueCommands(redis, keys.prefix, {
      retentionSeconds: settings.retentionSeconds,
      sessionLimitMs: settings.sessionLimitMs,
      declineCooldownMs: settings.declineCooldownMs,
      ...(settings.passOverGraceMs !== undefined ? { passOverGraceMs: settings.passOverGraceMs } : {}),
    });
  }

  /**
   * A person's queues as the directory has them, for a script that changes their state (which
   * pushes those queues' figures) to take instead of reading them from their presence.
   */
  #skillsOf(expertId: string): string {
    const user = this.directory.user(expertId);
    return (user && queueSkillsOf(user)) ?? '';
  }

  addListener(listener: QueueEvents): void {
    this.#listeners.push(listener);
  }

  async #tell<K extends keyof QueueEvents>(event: K, ...args: Parameters<NonNullable<QueueEvents[K]>>): Promise<void> {
    // Most listeners implement a few of the events, and some answer at once: only a promise is
    // awaited (each await of nothing was a microtask and an allocation, several per script run).
    for (const listener of this.#listeners) {
      const handler = listener[event] as ((...a: typeof args) => unknown) | undefined;
      if (!handler) continue;
      const told = handler.apply(listener, args);
      if (told instanceof Promise) await told;
    }
  }

  /**
   * Runs one script and tells the listeners what it changed: pushes first, then a session that
   * ended (whoever ended it: the specialist, the point, a grace period, the session limit), then
   * what waits for the outbox.
   */
  async #run(name: Parameters<QueueCommands['run']>[0], ...args: (string | number)[]): Promise<ScriptReport> {
    const report = await this.#commands.run(name, ...args);
    failpoint('queue:after-script');
    const invites =
      report.invited ||
      report.inviteAnswers?.length ||
      report.consultantJoined ||
      report.consultantsLeft ||
      report.supervisorGone;
    // (A specialist's change of state is told even when it touched no queue: one with no skills.)
    const moved = Object.keys(report.presence ?? {}).length > 0;
    if (report.offers.length || report.withdrawn.length || report.queues.length || moved || invites)
      await this.#tell('onReport', report);
    // end_session (lua.ts) is the one place a session ends, and it reports all of these together.
    if (report.endedAt !== undefined && report.sessionId && report.endReason && report.endedSession) {
      await this.#tell('onSessionEnded', endedReport(report), report.endedSession);
    }
    if (report.transactionRecorded) await this.#tell('onTransactionRecorded');
    if (report.demandEvents) await this.#tell('onDemandRecorded');
    return report;
  }

  // ── points ────────────────────────────────────────────────────────────────────────────────

  async createRequest(
    pointId: string,
    request: {
      agency: string;
      language: Language;
      topic?: string;
      note?: string;
      identityCheck?: IdentityCheck;
      whenUnavailable: 'ask' | 'wait';
      /** The advisor signed in at the point, who starts the request. */
      advisor?: AdvisorRef;
      /** Set when the customer arrived for a booking: ignores `whenUnavailable` (a booked customer queues while open). */
      booking?: BookingRef;
      /** The customer needs an interpreter of this language (issue 14). */
      interpreterLanguage?: string;
    },
  ): Promise<RequestCreateResult> {
    const agency = this.directory.agency(request.agency);
    if (!agency) throw new ProtocolError('UNKNOWN_AGENCY');
    if (!agency.languages.includes(request.language)) throw new ProtocolError('UNKNOWN_LANGUAGE');
    if (request.topic && !agency.topics.some((t) => t.id === request.topic)) throw new ProtocolError('UNKNOWN_TOPIC');
    // Only the method is kept, never a document number (docs/security.md). Not saying is not checking.
    const identityCheck = request.identityCheck ?? 'not-checked';
    if (identityCheck === 'not-checked' && agency.uncheckedIdentity === 'refused')
      throw new ProtocolError('IDENTITY_CHECK_REQUIRED');
    // A language no interpreter of the pool has with the request's language is answered before any
    // waiting starts.
    const interpreter = request.interpreterLanguage;
    if (interpreter && !this.directory.interprets(interpreter, request.language))
      throw new ProtocolError('NO_INTERPRETER_LANGUAGE');

    // One rule (ServiceClock.isOpen) decides. A closed service queues nobody, even a customer who
    // would wait: nothing waits through closed hours, so nothing is offered to a specialist who
    // goes available outside them, and a customer told "closed" is counted denied once and never
    // answered later. `wait` only queues past "nobody online" while the service is open.
    const open = this.clock.isOpen(agency);
    const ask = request.whenUnavailable === 'ask' && !request.booking;
    // Who is at work matters only to a request that asks rather than waits (read only then).
    const online = ask ? await this.redis.scard(this.keys.staffed(agency.id, request.language)) : 1;
    // An interpreter-needed request also needs someone of its pool at work (the pool's staffing set).
    const interpretersOnline =
      ask && interpreter ? await this.redis.scard(this.keys.staffed(`~${interpreter}`, request.language)) : 1;
    if (!open || (ask && (online === 0 || interpretersOnline === 0))) {
      // Denied demand is counted, never silently re-routed: the advisor chooses what next. The
      // day's counter and the ledger's demand event are written in one MULTI. "No interpreter" is
      // its own reason, so the demand for interpreting is seen apart.
      const reason = !open ? 'closed' : online === 0 ? 'nobody-online' : 'no-interpreter';
      const stats = this.keys.stats(this.clock.day(), agency.id, request.language);
      const event = {
        kind: 'denied',
        pointId,
        agency: agency.id,
        language: request.language,
        reason,
        atMs: Date.now(),
      };
      const write = this.redis.multi().hincrby(stats, 'denied', 1);
      if (reason === 'no-interpreter') write.hincrby(stats, 'deniedNoInterpreter', 1);
      await write
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

    const visit = await this.visits.openFor(pointId, new Date(), request.advisor?.id);
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
      identityCheck,
      ...(request.advisor ? { advisorId: request.advisor.id, advisorName: request.advisor.displayName } : {}),
      ...(request.booking ? this.#bookingFields(request.booking, agency.bookingExclusiveMinutes) : {}),
      ...(interpreter ? { interpreter } : {}),
    };
    const report = await this.#run(
      'enqueue',
      ticketId,
      this.settings.offerTimeoutMs,
      request.booking ? '1' : '0',
      JSON.stringify(fields),
      this.#closing(agency),
    );
    // Offered at once: the script reported the request's fields as the offer left them, which is
    // its whole view (a request no longer waiting has no place or estimate), so nothing is read back.
    const offered = report.offers.find((offer) => offer.ticketId === ticketId)?.ticket;
    const ticket = offered ? ticketFacts(ticketId, offered) : await this.ticketView(ticketId);
    if (!ticket) throw new ProtocolError('INTERNAL');
    return { status: 'queued', ticket, resumeToken };
  }

  /**
   * A booked request's fields: it is scored in the priority band by its booked time (ahead of
   * walk-ins) and reserved for the booked specialist until the exclusive wait after the booked
   * time, or after now for a late arrival.
   */
  #bookingFields(booking: BookingRef, agencyMinutes: number | undefined): Record<string, string> {
    // The agency's own exclusive wait (administration) first, then the deployment's default.
    const exclusiveMs =
      agencyMinutes !== undefined ? agencyMinutes * 60_000 : (this.settings.bookingExclusiveMs ?? 5 * 60_000);
    return {
      bookingId: booking.id,
      bookedAt: String(booking.startsAt),
      reservedFor: booking.expertId,
      reservedUntil: String(Math.max(booking.startsAt, Date.now()) + exclusiveMs),
    };
  }

  async cancel(
    pointId: string,
    ticketId: string,
    reason: 'cancelled' | 'abandoned' = 'cancelled',
  ): Promise<TicketView> {
    const report = await this.#run('cancel', ticketId, pointId, reason, this.clock.day(), this.settings.offerTimeoutMs);
    if (report.status === 'not-found') throw new ProtocolError('NOT_FOUND');
    if (report.status === 'closed') throw new ProtocolError('REQUEST_CLOSED');
    const view = await this.ticketView(ticketId);
    if (!view) throw new ProtocolError('NOT_FOUND');
    return view;
  }

  /**
   * The customer steps away for `minutes`: the request keeps its place and the visit leaves the
   * point's desk (the advisor may start the next customer's). See the `stepAway` script.
   */
  async stepAway(pointId: string, ticketId: string, minutes: number): Promise<TicketView> {
    const report = await this.#run('stepAway', pointId, ticketId, Date.now() + minutes * 60_000);
    return this.#viewAfter(report, ticketId);
  }

  /** The stepped-away customer is back; refused (POINT_BUSY) while another customer's visit is at the desk. */
  async stepBack(pointId: string, ticketId: string): Promise<TicketView> {
    const report = await this.#run('stepBack', pointId, ticketId, this.settings.offerTimeoutMs);
    if (report.status === 'busy') throw new ProtocolError('POINT_BUSY');
    return this.#viewAfter(report, ticketId);
  }

  /** A stepped-away request met the head again after its pass-over: abandoned if its customer is still away. */
  async awayAbandon(ticketId: string): Promise<ScriptReport> {
    return this.#run('awayAbandon', ticketId, this.clock.day());
  }

  async #viewAfter(report: ScriptReport, ticketId: string): Promise<TicketView> {
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

  /** Closing a visit cancels its requests still waiting or ringing (one atomic step). */
  async cancelVisit(pointId: string, visitId: string): Promise<ScriptReport> {
    return this.#run('cancelVisit', pointId, visitId, this.clock.day(), this.settings.offerTimeoutMs);
  }

  /** The point's grace period is due: abandons its requests if it has had no live socket throughout. */
  async pointGrace(pointId: string): Promise<ScriptReport> {
    return this.#run('pointGrace', pointId, this.settings.pointGraceMs, this.clock.day(), this.settings.offerTimeoutMs);
  }

  /** After an interrupted session: the same request again, at the head of the same queue, once. */
  async requeue(pointId: string, sessionId: string): Promise<RequestCreateResult> {
    const ticketId = newId();
    const resumeToken = randomBytes(18).toString('base64url');
    // Queued again only while its service is open: nothing waits through closed hours.
    const session = await this.sessions.get(sessionId);
    if (!session || session.pointId !== pointId) throw new ProtocolError('NOT_FOUND');
    const agency = this.directory.agency(session.agency);
    if (agency && !this.clock.isOpen(agency)) throw new ProtocolError('SERVICE_CLOSED');
    const report = await this.#run(
      'requeue',
      sessionId,
      pointId,
      ticketId,
      resumeToken,
      this.settings.offerTimeoutMs,
      agency ? this.#closing(agency) : 0,
    );
    if (report.status === 'not-found') throw new ProtocolError('NOT_FOUND');
    if (report.status === 'visit-closed') throw new ProtocolError('CONFLICT', { message: 'the visit is closed' });
    if (report.status === 'not-interrupted')
      throw new ProtocolError('CONFLICT', { message: 'session was not interrupted' });
    if (report.status === 'same') throw new ProtocolError('CONFLICT', { message: 'already queued again' });
    const ticket = await this.ticketView(ticketId);
    if (!ticket) throw new ProtocolError('INTERNAL');
    return { status: 'queued', ticket, resumeToken };
  }

  /**
   * A queue's closing deadline. At closing time requests already waiting are still served while
   * specialists of the queue work, for `serveAfterCloseMs`; then (or at once, with nobody
   * working) those still waiting are told the service closed, counted as denied demand.
   */
  async closeQueue(agency: string, language: string, after: boolean): Promise<ScriptReport | undefined> {
    const found = this.directory.agency(agency);
    if (found && this.clock.isOpen(found)) {
      // Open again (or the hours changed): the deadline moves to the end of this opening period.
      const closes = this.#closing(found);
      await this.redis.zrem(this.keys.deadlines(), `close|${agency}|${language}${after ? '|after' : ''}`);
      if (closes > 0) await this.redis.zadd(this.keys.deadlines(), 'LT', closes, `close|${agency}|${language}`);
      return undefined;
    }
    if (!after && this.settings.serveAfterCloseMs > 0 && (await this.queueContext(agency, language)).working > 0) {
      await this.redis
        .multi()
        .zadd(this.keys.deadlines(), Date.now() + this.settings.serveAfterCloseMs, `close|${agency}|${language}|after`)
        .zrem(this.keys.deadlines(), `close|${agency}|${language}`)
        .exec();
      return undefined;
    }
    const opens = found ? this.clock.opensAt(found) : undefined;
    const report = await this.#run(
      'closeQueue',
      agency,
      language,
      this.clock.day(),
      this.settings.offerTimeoutMs,
      opens ?? 0,
    );
    await this.redis.zrem(this.keys.deadlines(), `close|${agency}|${language}|after`);
    return report;
  }

  /** When the agency's service now open closes (epoch ms), or 0 when there is no closing to guard. */
  #closing(agency: Agency): number {
    return this.clock.closesAt(agency) ?? 0;
  }

  /** When the agency opens next, as the point is told after closing. */
  opensAt(agencyId: string): string | undefined {
    const agency = this.directory.agency(agencyId);
    const opens = agency ? this.clock.opensAt(agency) : undefined;
    return opens === undefined ? undefined : new Date(opens).toISOString();
  }

  // ── specialists ───────────────────────────────────────────────────────────────────────────

  // The scripts behind a specialist's own choice of state; presence/presence-service.ts decides
  // when they run and with which skills (`skills`: the presence record's skills field).

  /** The directory changed a signed-in specialist's skills (directory-sync.ts); `skills`: csv. */
  async setSkills(expertId: string, skills: string): Promise<ScriptReport> {
    return this.#run('setSkills', expertId, skills, this.settings.offerTimeoutMs);
  }

  async goAvailable(expertId: string, skills: string): Promise<ScriptReport> {
    return this.#run('goAvailable', expertId, skills, this.settings.offerTimeoutMs);
  }

  async goAway(expertId: string, skills: string, reason: AwayReason): Promise<ScriptReport> {
    return this.#run('goAway', expertId, skills, reason);
  }

  /**
   * The specialist's grace period is due: with no live socket throughout, they go offline, a
   * ringing offer returns to its place and a session in progress ends as interrupted.
   */
  async expertGrace(expertId: string): Promise<ScriptReport> {
    return this.#run(
      'expertGrace',
      expertId,
      this.settings.expertGraceMs,
      this.settings.offerTimeoutMs,
      this.clock.day(),
    );
  }

  /**
   * A supervisor's (or an administrator's) grace period is due (`principal`: their socket room):
   * with no live socket throughout, an invite ringing at them ends and they are reported gone.
   */
  async supervisorGrace(principal: string): Promise<ScriptReport> {
    return this.#run('supervisorGrace', principal, this.settings.expertGraceMs);
  }

  /**
   * A request's deadline is due: its offer runs out, its session ends at the maximum length, or its
   * wrap-up runs out, whichever step the request is at (lua.ts `requestDue`).
   */
  async requestDue(ticketId: string): Promise<ScriptReport> {
    return this.#run('requestDue', ticketId, this.clock.day(), this.settings.offerTimeoutMs);
  }

  /** An `slimit` deadline of an older version. */
  async sessionLimit(sessionId: string): Promise<ScriptReport> {
    return this.#run('sessionLimit', sessionId, this.clock.day(), this.settings.offerTimeoutMs);
  }

  /**
   * A specialist (or an interpreter) accepts an offer. An offer with an interpreter starts the call
   * once both sides have accepted: the first accept answers `waiting-partner` and tells the other.
   */
  async accept(expertId: string, offerId: string): Promise<OfferAcceptResult> {
    // The script finds the request's agency itself, and with it the service-level target.
    const report = await this.#run(
      'accept',
      offerId,
      expertId,
      this.clock.day(),
      this.#serviceLevelTargets(),
      this.#skillsOf(expertId),
    );
    if (report.status === 'gone') throw new ProtocolError('OFFER_GONE');
    if (report.status === 'not-yours') throw new ProtocolError('FORBIDDEN');
    if (report.status === 'expired') throw new ProtocolError('OFFER_EXPIRED');
    if (report.status === 'waiting-partner') {
      if (report.partnerId) await this.#tell('onPartnerAccepted', report.partnerId, offerId);
      return { status: 'waiting-partner', offerId };
    }
    const sessionId = report.sessionId ?? '';
    const record = report.session ? parseSessionRecord(sessionId, report.session) : undefined;
    const session = record ? sessionView(record) : await this.session(sessionId);
    if (!session) throw new ProtocolError('INTERNAL');
    await this.#tell('onSessionStarted', session);
    return session;
  }

  /** Each agency's service-level target in seconds (120 when it has none), as the accept script takes them. */
  #serviceLevelTargets(): string {
    return JSON.stringify(
      Object.fromEntries(this.directory.agencies().map((a) => [a.id, a.serviceLevelTargetSeconds || 120])),
    );
  }

  /** A specialist's state as the script reports it left them; read when it did not change it. */
  async #presenceAfter(report: ScriptReport, expertId: string): Promise<Presence> {
    const reported = report.presence[expertId];
    return reported ? reportedPresence(reported) : this.presence.get(expertId);
  }

  async decline(expertId: string, offerId: string): Promise<Presence> {
    const report = await this.#run('decline', offerId, expertId, this.settings.offerTimeoutMs);
    if (report.status === 'gone') throw new ProtocolError('OFFER_GONE');
    if (report.status === 'not-yours') throw new ProtocolError('FORBIDDEN');
    return this.#presenceAfter(report, expertId);
  }

  // ── invites (issue 14): a colleague, an interpreter or a supervisor into a session under way ─

  /**
   * The session's specialist invites the person free longest of a pool: a colleague of an agency ×
   * language (the session's by default), or an interpreter of a language with the session's; or a
   * supervisor of the session's agency (one whose console opens on supervising: a person who also
   * serves is invited as a colleague), at work in the console and in no call. Each refusal is
   * decided before anything is written (the script checks the session again).
   */
  async invite(
    inviterId: string,
    invite: SessionInvite,
  ): Promise<{ inviteId: string; inviteeId: string; expiresAt: string }> {
    if (invite.inviteeId === inviterId) throw new ProtocolError('INVITE_SELF');
    const session = await this.sessions.get(invite.sessionId);
    if (!session || session.endedAt !== undefined) {
      throw new ProtocolError(session ? 'SESSION_OVER' : 'NOT_IN_SESSION');
    }
    if (session.expertId !== inviterId) throw new ProtocolError('FORBIDDEN', { reason: 'not-your-session' });
    let pool: [string, string];
    let candidates: string[] = [];
    if (invite.kind === 'supervisor') {
      candidates = this.directory
        .users()
        .filter(
          (u) =>
            holds(u, 'supervisor') &&
            !holds(u, 'expert') &&
            !holds(u, 'interpreter') &&
            u.agencies.includes(session.agency) &&
            u.id !== inviterId,
        )
        .map((u) => u.id);
      if (candidates.length === 0) throw new ProtocolError('NO_ONE_FREE');
      pool = [session.agency, session.language];
    } else if (invite.kind === 'interpreter') {
      const language = invite.interpreterLanguage ?? '';
      if (!this.directory.interprets(language, session.language)) throw new ProtocolError('NO_INTERPRETER_LANGUAGE');
      pool = [`~${language}`, session.language];
    } else {
      const agency = this.directory.agency(invite.agency ?? session.agency);
      if (!agency) throw new ProtocolError('UNKNOWN_AGENCY');
      const language = invite.language ?? session.language;
      if (!agency.languages.includes(language)) throw new ProtocolError('UNKNOWN_LANGUAGE');
      pool = [agency.id, language];
    }
    const inviteId = newId();
    const report = await this.#run(
      'invite',
      inviteId,
      invite.sessionId,
      inviterId,
      pool[0],
      pool[1],
      invite.kind,
      invite.inviteeId ?? '',
      this.settings.inviteTimeoutMs ?? this.settings.offerTimeoutMs,
      invite.interpreterLanguage ?? '',
      ...candidates,
    );
    const refusal = INVITE_REFUSALS[report.status];
    if (refusal) throw new ProtocolError(refusal);
    const made = report.invited;
    if (!made) throw new ProtocolError('INTERNAL');
    return { inviteId, inviteeId: made.inviteeId, expiresAt: new Date(made.expiresAt).toISOString() };
  }

  /**
   * The invitee answers. Accepted, they are a guest of the session's call (the session's id is
   * returned); accepted after the session ended, SESSION_OVER, and they are free again. A
   * supervisor's accept only takes the invite (`supervisorInvite`): the caller joins them as from
   * the wallboard and tells the inviter; a supervisor has no presence.
   */
  async answerInvite(
    inviteeId: string,
    inviteId: string,
    answer: 'accept' | 'decline',
    inviteeName: string,
  ): Promise<{ sessionId?: string; presence?: Presence; supervisorInvite?: { inviteId: string; inviterId: string } }> {
    const report = await this.#run(
      'answerInvite',
      inviteId,
      inviteeId,
      answer,
      inviteeName,
      this.settings.offerTimeoutMs,
    );
    if (report.status === 'gone') throw new ProtocolError('INVITE_GONE');
    if (report.status === 'session-over') throw new ProtocolError('SESSION_OVER');
    const supervisor = report.inviteKind === 'supervisor';
    return {
      ...(report.sessionId ? { sessionId: report.sessionId } : {}),
      ...(report.supervisorInvite ? { supervisorInvite: report.supervisorInvite } : {}),
      ...(supervisor ? {} : { presence: await this.#presenceAfter(report, inviteeId) }),
    };
  }

  /** The invite's deadline is due: the invitee goes away (missed), the inviter is told. */
  async expireInvite(inviteId: string): Promise<ScriptReport> {
    return this.#run('expireInvite', inviteId);
  }

  /** A consultant leaves the call before its end: back to work. */
  async leaveAsGuest(expertId: string, sessionId: string): Promise<Presence> {
    const report = await this.#run('leaveAsGuest', sessionId, expertId, this.settings.offerTimeoutMs);
    if (report.status === 'not-in-session') throw new ProtocolError('NOT_IN_SESSION');
    return this.#presenceAfter(report, expertId);
  }

  /** A cool-down after a decline of the request is over: it is offered again if someone can take it. */
  async redecline(ticketId: string): Promise<ScriptReport> {
    return this.#run('redecline', ticketId, this.settings.offerTimeoutMs);
  }

  /** A booked request's reservation for its specialist is over: anyone of the queue may be offered it. */
  async reservationLapse(ticketId: string): Promise<ScriptReport> {
    return this.#run('reservationLapse', ticketId, this.settings.offerTimeoutMs);
  }

  /**
   * An `offer` deadline of an older version (or a test's direct call): the offer runs out; one not
   * yet due is put back at its time by the script.
   */
  async expireOffer(offerId: string): Promise<ScriptReport> {
    return this.#run('expireOffer', offerId, this.settings.offerTimeoutMs);
  }

  async endSession(expertId: string, sessionId: string): Promise<SessionEndedReport> {
    const report = await this.#run(
      'endSession',
      sessionId,
      expertId,
      this.settings.wrapUpLimitMs,
      this.#skillsOf(expertId),
    );
    if (report.status !== 'ok') throw new ProtocolError('NOT_IN_SESSION');
    return endedReport(report);
  }

  /** The point leaves the call; the specialist is told and goes to wrap-up. */
  async leaveSession(pointId: string, sessionId: string): Promise<SessionEndedReport> {
    const report = await this.#run(
      'leaveSession',
      sessionId,
      pointId,
      this.settings.wrapUpLimitMs,
      this.clock.day(),
      this.settings.offerTimeoutMs,
    );
    if (report.status !== 'ok') throw new ProtocolError('NOT_IN_SESSION');
    return endedReport(report);
  }

  async transfer(
    expertId: string,
    sessionId: string,
    target: { agency: string; language: Language; note?: string },
  ): Promise<SessionEndedReport> {
    const agency = this.directory.agency(target.agency);
    if (!agency) throw new ProtocolError('UNKNOWN_AGENCY');
    if (!agency.languages.includes(target.language)) throw new ProtocolError('UNKNOWN_LANGUAGE');
    // A closed service queues nobody (as createRequest): the specialist hears it before the session ends.
    if (!this.clock.isOpen(agency)) throw new ProtocolError('SERVICE_CLOSED');
    const session = await this.sessions.get(sessionId);
    if (session?.expertId !== expertId || session.endedAt !== undefined) throw new ProtocolError('NOT_IN_SESSION');
    const { visitId, pointId } = session;
    const ticketId = newId();
    // The context travels with the visit: the advisor's note, the topic (kept as the topic when the
    // next agency has it too), who transferred it from where, and when the customer first queued
    // (read before the script, which drops the served request's notes).
    // The identity check and the advisor stay those of the point's request: the customer is the same.
    const served = await this.redis.hmget(
      this.keys.ticket(session.ticketId),
      'note',
      'visitQueuedAt',
      'enqueuedAt',
      'advisorName',
    );
    const [note, visitQueuedAt, enqueuedAt, advisorName] = served;
    const topic = session.topic && agency.topics.some((t) => t.id === session.topic) ? session.topic : undefined;
    const fields: Record<string, string> = {
      visitId,
      pointId,
      agency: agency.id,
      language: target.language,
      transferredFrom: sessionId,
      resumeToken: randomBytes(18).toString('base64url'),
      ...(target.note ? { transferNote: target.note } : {}),
      ...(note ? { note } : {}),
      ...(topic ? { topic } : {}),
      fromAgency: session.agency,
      fromLanguage: session.language,
      ...(session.topic ? { fromTopic: session.topic } : {}),
      transferredBy: expertId,
      transferredByName: this.directory.user(expertId)?.displayName ?? expertId,
      visitQueuedAt: visitQueuedAt || enqueuedAt || String(session.queuedAt),
      ...(session.identityCheck ? { identityCheck: session.identityCheck } : {}),
      ...(session.advisorId ? { advisorId: session.advisorId } : {}),
      ...(advisorName ? { advisorName } : {}),
      // The customer still needs the interpreter in the next queue, when the pool has one for its language.
      ...(session.interpreterLanguage && this.directory.interprets(session.interpreterLanguage, target.language)
        ? { interpreter: session.interpreterLanguage }
        : {}),
    };
    const report = await this.#run(
      'transfer',
      sessionId,
      expertId,
      this.settings.wrapUpLimitMs,
      ticketId,
      JSON.stringify(fields),
      this.settings.offerTimeoutMs,
      this.#closing(agency),
    );
    if (report.status === 'visit-closed') throw new ProtocolError('CONFLICT', { message: 'the visit is closed' });
    if (report.status !== 'ok') throw new ProtocolError('NOT_IN_SESSION');
    return endedReport(report);
  }

  /**
   * Records the outcome (and the specialist's note); the specialist becomes available, or goes away
   * with `awayReason` ("save and go away").
   */
  async wrapUp(
    expertId: string,
    sessionId: string,
    outcome: string,
    options: { note?: string; awayReason?: AwayReason } = {},
  ): Promise<Presence> {
    // The script checks the outcome against the session's agency (it reads the session anyway):
    // these are the agencies that have it, after a comma so that none is not "unchecked".
    const agencies = this.directory
      .agencies()
      .filter((a) => a.outcomes.some((o) => o.id === outcome))
      .map((a) => a.id);
    const report = await this.#run(
      'wrapUp',
      sessionId,
      expertId,
      outcome,
      this.clock.day(),
      this.settings.offerTimeoutMs,
      options.note ?? '',
      options.awayReason ?? '',
      `,${agencies.join(',')}`,
    );
    if (report.status === 'not-in-session') throw new ProtocolError('NOT_IN_SESSION');
    if (report.status === 'unknown-outcome') throw new ProtocolError('UNKNOWN_OUTCOME');
    if (report.status === 'same') throw new ProtocolError('CONFLICT', { message: 'wrap-up already recorded' });
    return this.#presenceAfter(report, expertId);
  }

  /**
   * A `wrap` deadline of an older version (or a test's direct call): the outcome is recorded as
   * missing and the specialist freed.
   */
  async expireWrapUp(sessionId: string): Promise<ScriptReport> {
    return this.#run('wrapUp', sessionId, '', 'not-recorded', this.clock.day(), this.settings.offerTimeoutMs);
  }

  // ── reads ─────────────────────────────────────────────────────────────────────────────────

  async session(sessionId: string): Promise<Session | undefined> {
    return this.sessions.view(sessionId);
  }

  async queueContext(agency: string, language: string): Promise<QueueContext> {
    const [context] = await this.queueContexts(agency, [language]);
    return context ?? { working: 0, ahtMs: this.settings.defaultHandleMs, bookedStarts: [] };
  }

  /**
   * Several queues of one agency at once, in the order asked: one round trip to a script that
   * sums in Redis (lua.ts `QUEUE_CONTEXTS`) rather than a reply per specialist here. A specialist
   * of several queues serves each with a share of their time: counting them whole in every queue
   * made the estimate optimistic by about half (`pnpm bench queue`).
   */
  async queueContexts(agency: string, languages: readonly string[]): Promise<QueueContext[]> {
    const now = Date.now();
    // The bookings still to come are read alongside (auto-pipelined with the figures' script).
    const [figures, due] = await Promise.all([
      this.#commands.figures(
        this.clock.day(),
        languages.map((language) => [agency, language] as const),
      ),
      Promise.all(
        languages.map((language) =>
          this.redis.zrangebyscore(this.keys.bookingsDue(agency, language), now, now + BOOKED_HORIZON_MS, 'WITHSCORES'),
        ),
      ),
    ]);
    return figures.map(({ working, ahtMs }, i) => ({
      working,
      ahtMs: ahtMs ?? this.settings.defaultHandleMs,
      bookedStarts: (due[i] ?? []).filter((_, j) => j % 2 === 1).map(Number),
    }));
  }

  /** Every language of the agency at once, for the choices a waiting point is offered. */
  async agencyContexts(agency: string): Promise<Map<string, QueueContext>> {
    const languages = this.directory.agency(agency)?.languages ?? [];
    const contexts = await this.queueContexts(agency, languages);
    return new Map(languages.map((language, i) => [language, contexts[i] as QueueContext]));
  }

  /**
   * The choices a waiting point can offer: whether anyone works the queue now, which other
   * languages of the agency are served now, and when the service opens next. `contextOf`: where
   * the other languages' figures come from (a round of position pushes reads each queue's once).
   */
  async waitingChoices(
    agency: string,
    language: string,
    context?: QueueContext,
    contextOf: (agency: string, language: string) => Promise<QueueContext> = (a, l) => this.queueContext(a, l),
  ): Promise<WaitingChoices> {
    const working = (context ?? (await contextOf(agency, language))).working;
    const languagesServed: Language[] = [];
    for (const other of this.directory.agency(agency)?.languages ?? []) {
      if (other !== language && (await contextOf(agency, other)).working > 0) languagesServed.push(other);
    }
    // When it opens after the period it is in now ends (or next, when closed); none when open
    // around the clock.
    const found = this.directory.agency(agency);
    let opens: number | undefined;
    if (found && this.clock.isOpen(found)) {
      const closes = this.clock.closesAt(found);
      opens = closes === undefined ? undefined : this.clock.opensAt(found, new Date(closes));
    } else if (found) opens = this.clock.opensAt(found);
    return {
      nobodyWorking: working <= 0,
      languagesServed,
      ...(opens !== undefined ? { opensAt: new Date(opens).toISOString() } : {}),
    };
  }

  /** Every queue of the agency (`agency:language`): a change in one changes the others' choices. */
  agencyQueues(agency: string): string[] {
    return (this.directory.agency(agency)?.languages ?? []).map((language) => `${agency}:${language}`);
  }

  /** When a request queued at `enqueuedAt` (ISO) starts to count as a long wait (ISO). */
  longWaitAt(enqueuedAt: string): string {
    return new Date(Date.parse(enqueuedAt) + this.settings.longWaitMs).toISOString();
  }

  /** A ticket as its point sees it; position and estimate only while waiting. */
  async ticketView(ticketId: string): Promise<TicketView | undefined> {
    const fields = await this.redis.hgetall(this.keys.ticket(ticketId));
    const facts = ticketFacts(ticketId, fields);
    if (facts?.state === 'waiting')
      for (const listener of this.#listeners) listener.onWaitingTicketRead?.(ticketId, fields);
    if (facts?.state === 'closed') {
      const opensAt = this.opensAt(facts.agency);
      return opensAt ? { ...facts, opensAt } : facts;
    }
    if (facts?.state !== 'waiting') return facts;
    const index = await this.redis.zrank(this.keys.queue(facts.agency, facts.language), ticketId);
    if (index === null) return facts;
    const position = index + 1;
    // The agency's every language in one read: the choices name the others.
    const contexts = await this.agencyContexts(facts.agency);
    const contextOf = async (a: string, l: string) =>
      (a === facts.agency ? contexts.get(l) : undefined) ?? this.queueContext(a, l);
    const context = await contextOf(facts.agency, facts.language);
    const etaSeconds = estimateWaitSeconds(position, context.working, context.ahtMs, context.bookedStarts);
    const choices = await this.waitingChoices(facts.agency, facts.language, context, contextOf);
    return {
      ...facts,
      position,
      ...(etaSeconds !== undefined ? { etaSeconds } : {}),
      ...choices,
      longWaitAt: this.longWaitAt(facts.enqueuedAt),
    };
  }
}

/** What a script that ended a session reported, as the listeners and the caller get it. */
function endedReport(report: ScriptReport): SessionEndedReport {
  return {
    sessionId: report.sessionId ?? '',
    pointId: report.pointId ?? '',
    expertId: report.expertId ?? '',
    reason: report.endReason ?? 'ended',
    endedAt: new Date(report.endedAt ?? Date.now()).toISOString(),
    wrapUpDeadline: new Date(report.wrapUpDeadline ?? Date.now()).toISOString(),
    ...(report.ticketId && report.endReason === 'transferred' ? { transferTicketId: report.ticketId } : {}),
  };
}

/** The invite script's refusals, each one coded error. */
const INVITE_REFUSALS: Partial<Record<string, ErrorCode>> = {
  'not-in-session': 'NOT_IN_SESSION',
  'not-yours': 'FORBIDDEN',
  'session-over': 'SESSION_OVER',
  self: 'INVITE_SELF',
  'no-one-free': 'NO_ONE_FREE',
  'seat-taken': 'SUPERVISOR_ALREADY_PRESENT',
};

function newId(): string {
  return randomBytes(12).toString('base64url');
}
