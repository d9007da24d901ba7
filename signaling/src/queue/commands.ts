/**
 * Runs the queue's Lua scripts and parses their reports. Each runs by its SHA (EVALSHA,
 * redis/lua-script.ts), so a script's text crosses the network once per Redis start.
 */
import type { InviteKind, InviteOutcome } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/lua-script.js';
import { RedisClock } from '../redis/redis-clock.js';
import { QUEUE_CONTEXTS, type QueueScripts, queueScripts, type ScriptSettings } from './lua.js';

export interface OfferMade {
  offerId: string;
  expertId: string;
  ticketId: string;
}

/** An offer as its script made it: with the request's fields as they are now, for the pushes. */
export interface OfferMadeReport extends OfferMade {
  offeredAt?: number;
  expiresAt?: number;
  /** The ticket's hash after the offer (ticket-record.ts reads it). */
  ticket?: Record<string, string>;
  /**
   * Set for an offer with an interpreter (made to both sides at once): the part of the one it
   * rings at, and the other side.
   */
  role?: 'expert' | 'interpreter';
  partnerId?: string;
}

/** A specialist's state as a script left it (epoch ms `since`), for the presence push. */
export interface PresenceReport {
  state: string;
  since: number;
  reason?: string;
}

export interface OfferWithdrawnReport extends OfferMade {
  /** `partner-*`: an offer with an interpreter, released because the other side declined, went or let it ring. */
  reason:
    | 'declined'
    | 'timeout'
    | 'cancelled'
    | 'abandoned'
    | 'offline'
    | 'partner-declined'
    | 'partner-offline'
    | 'partner-timeout';
}

export interface ScriptReport {
  status: string;
  /** requestDue: the request's state when its deadline fired (which step's deadline it was). */
  due?: string;
  state?: string;
  offers: OfferMadeReport[];
  withdrawn: OfferWithdrawnReport[];
  /** `agency:language` of every queue whose waiting list or specialists changed. */
  queues: string[];
  sessionId?: string;
  ticketId?: string;
  expertId?: string;
  endedAt?: number;
  wrapUpDeadline?: number;
  retryInMs?: number;
  /** Set when the script left a demand event for the outbox (cancel, abandon). */
  demandEventId?: string;
  /** How many demand events the script left for the outbox (grace periods, closing, visits). */
  demandEvents?: number;
  /** The point of a session that ended. */
  pointId?: string;
  endReason?: 'ended' | 'transferred' | 'left' | 'interrupted' | 'time-limit';
  /** A transaction was recorded for the outbox. */
  transactionRecorded?: boolean;
  /** Waiting requests whose view changed while they wait (stepped away or back, passed over). */
  refreshed?: string[];
  /** Requests told the service closed (closeQueue). */
  closed?: string[];
  /** Each specialist whose state the script changed, as it left them. */
  presence: Record<string, PresenceReport>;
  /** accept of an offer with an interpreter, first of the two: who accepted and the other side. */
  acceptedBy?: string;
  partnerId?: string;
  offerId?: string;
  /** supervisorGrace: the supervisor (user id) gone past the grace period; they leave a call they joined. */
  supervisorGone?: string;
  /** An interpreter whose part in a session ended (the session ended, or they were gone). */
  interpreterLeft?: { sessionId: string; interpreterId: string };
  /** invite: the invite made, for the invitee's push (`invite:incoming`). */
  invited?: InviteMadeReport;
  /** Invites answered, rung out or cancelled, for the inviters' pushes (`invite:answered`). */
  inviteAnswers?: { inviteId: string; inviterId: string; inviteeId: string; outcome: InviteOutcome }[];
  /** answerInvite: the kind of the invite answered. */
  inviteKind?: InviteKind;
  /** answerInvite: a supervisor accepted; they join as from the wallboard, which tells the inviter. */
  supervisorInvite?: { inviteId: string; inviterId: string };
  /** An invitee joined a session's call as a guest (the participants' announcement). */
  consultantJoined?: { sessionId: string; participantId: string };
  /** Consultants who left a call before its end (left, or gone): their guest record JSON as it was. */
  consultantsLeft?: { sessionId: string; expertId: string; guest: string }[];
  /**
   * A session that ended, as its listeners need it (session-end cleanup reads nothing back): its
   * request, visit and agency, whether it was booked, had documents shared or chat messages sent,
   * and how many guests it had.
   */
  endedSession?: {
    ticketId: string;
    visitId: string;
    agency: string;
    booked: boolean;
    documents: boolean;
    chat: boolean;
    guests: number;
  };
  /** accept: the session's hash as written. */
  session?: Record<string, string>;
}

/** An invite into a session as its script made it (epoch ms `expiresAt`). */
export interface InviteMadeReport {
  inviteId: string;
  sessionId: string;
  visitId: string;
  inviterId: string;
  inviteeId: string;
  kind: InviteKind;
  agency: string;
  language: string;
  /** '' when none. */
  interpreterLanguage: string;
  expiresAt: number;
}

export type ScriptName = keyof QueueScripts;

/** A queue's staffing as the queue-contexts script reads it. */
export interface QueueFigures {
  /** Working specialists, each counted as 1 / their number of skills. */
  working: number;
  /** Recent handle time (ms); undefined before any. */
  ahtMs: number | undefined;
}

export class QueueCommands {
  readonly #redis: Redis;
  readonly #scripts: Record<ScriptName, LuaScript<string>>;
  readonly #contexts = new LuaScript<string[]>(QUEUE_CONTEXTS);
  /** Redis's time, handed to each script with the prefix (the library's \`NOW\`; lua.ts). */
  readonly #clock: RedisClock;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    settings: ScriptSettings,
  ) {
    const sources = queueScripts(settings);
    this.#scripts = Object.fromEntries(
      Object.entries(sources).map(([name, source]) => [name, new LuaScript<string>(source)]),
    ) as Record<ScriptName, LuaScript<string>>;
    this.#redis = redis;
    this.#clock = new RedisClock(redis);
  }

  /** The staffing figures of these queues (`[agency, language]`) on service day `day`, in one round trip, in the order asked. */
  async figures(day: string, queues: readonly (readonly [string, string])[]): Promise<QueueFigures[]> {
    if (queues.length === 0) return [];
    const flat = await this.#contexts.run(this.#redis, this.prefix, day, ...queues.map(([a, l]) => `${a}|${l}`));
    return queues.map((_, i) => {
      const aht = Number(flat[2 * i + 1]);
      return { working: Number(flat[2 * i]) || 0, ahtMs: aht > 0 ? aht : undefined };
    });
  }

  async run(name: ScriptName, ...args: (string | number)[]): Promise<ScriptReport> {
    // The library reads the prefix and the time from ARGV[1] (\`<prefix>|clock=<ms>\`).
    const now = this.#clock.now();
    const head = now === undefined ? this.prefix : `${this.prefix}|clock=${now}`;
    const raw = await this.#scripts[name].run(this.#redis, head, ...args.map(String));
    const report = JSON.parse(raw) as Partial<ScriptReport>;
    // Lua's cjson writes an empty table as {}, not [].
    return {
      ...report,
      status: report.status ?? 'ok',
      offers: Array.isArray(report.offers) ? report.offers : [],
      withdrawn: Array.isArray(report.withdrawn) ? report.withdrawn : [],
      queues: Array.isArray(report.queues) ? report.queues : [],
      presence: report.presence && !Array.isArray(report.presence) ? report.presence : {},
      ...(report.closed !== undefined ? { closed: Array.isArray(report.closed) ? report.closed : [] } : {}),
      ...(report.inviteAnswers !== undefined
        ? { inviteAnswers: Array.isArray(report.inviteAnswers) ? report.inviteAnswers : [] }
        : {}),
    };
  }
}
