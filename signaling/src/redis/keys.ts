/**
 * Every Redis key the signaling service reads or writes, in one place, so the layout is documented
 * by code (docs/architecture.md "Where state lives", docs/queue.md "Redis keys"). Every key starts
 * with the deployment's prefix (`REDIS_PREFIX`). The queue's Lua scripts build the same keys from
 * the prefix with `key(...)` (queue/lua.ts); the SFU registry's and media rooms' keys are shared
 * with sfu-server through `@etapiste/sfu-control`, so they are only named here.
 */
import { mediaKeys, sfuRegistryKeys } from '@etapiste/sfu-control';

export class Keys {
  constructor(readonly prefix: string) {}

  // ── configuration and sign-in ─────────────────────────────────────────────────────────────

  tokenSecret(): string {
    return `${this.prefix}config:token-secret`;
  }
  /** Pub/sub channel: the directory's new revision, after an administrator's change (directory-sync.ts). */
  directoryChanged(): string {
    return `${this.prefix}directory:changed`;
  }
  /** A refresh token id that has been exchanged; a second use is refused (rotation). */
  refreshUsed(jti: string): string {
    return `${this.prefix}auth:refresh-used:${jti}`;
  }
  /** A token family revoked after a refresh-token replay (auth/token-families.ts). */
  tokenFamilyRevoked(family: string): string {
    return `${this.prefix}auth:family-revoked:${family}`;
  }
  /** When a point or person was signed off everywhere (token-families.ts `signOff`). */
  subjectSignedOff(kind: 'user' | 'point', subject: string): string {
    return `${this.prefix}auth:signed-off:${kind}:${subject}`;
  }
  /** An account's failed sign-ins from any address, for its slow-down (auth/login-limiter.ts). */
  loginSlowdown(account: string): string {
    return `${this.prefix}auth:login-slow:${account}`;
  }
  /** Key prefix of the failed sign-in counters (rate-limiter-flexible appends `:account:…`, `:address:…`). */
  loginFailures(): string {
    return `${this.prefix}auth:login-fail`;
  }

  // ── visits and presence ───────────────────────────────────────────────────────────────────

  visit(visitId: string): string {
    return `${this.prefix}visit:${visitId}`;
  }
  /** The visit a point device has open now (a device serves one customer at a time). */
  pointOpenVisit(pointId: string): string {
    return `${this.prefix}point:${pointId}:open-visit`;
  }
  /** The advisor signed in at a point now (advisors/advisor-sessions.ts); lapses when idle. */
  pointAdvisor(pointId: string): string {
    return `${this.prefix}point:${pointId}:advisor`;
  }
  /** A specialist's state (presence/presence-record.ts). */
  presence(expertId: string): string {
    return `${this.prefix}expert:${expertId}:presence`;
  }

  // ── the queue (written by its scripts, queue/lua.ts) ──────────────────────────────────────

  /** A request's hash (queue/ticket-record.ts). */
  ticket(ticketId: string): string {
    return `${this.prefix}ticket:${ticketId}`;
  }
  /**
   * Specialists who declined a request or let it ring out, scored by when (ms): it is not offered
   * to them again until their cool-down (`DECLINE_COOLDOWN_SECONDS`) is over and nobody else is free.
   */
  ticketDeclined(ticketId: string): string {
    return `${this.prefix}ticket:${ticketId}:declined`;
  }
  /** Waiting requests of one queue, in serving order (priority band, then arrival). */
  queue(agency: string, language: string): string {
    return `${this.prefix}queue:${agency}:${language}`;
  }
  /** Available specialists of one queue, scored by the time they became available (idle longest first). */
  available(agency: string, language: string): string {
    return `${this.prefix}avail:${agency}:${language}`;
  }
  /** Specialists of one queue who are online (any state but offline). */
  staffed(agency: string, language: string): string {
    return `${this.prefix}staffed:${agency}:${language}`;
  }
  /** Arrivals counter that keeps requests of the same millisecond in order. */
  sequence(): string {
    return `${this.prefix}seq`;
  }
  /** A point's requests in play (waiting, ringing, in a session). */
  pointTickets(pointId: string): string {
    return `${this.prefix}point:${pointId}:tickets`;
  }
  /** A customer–specialist session, later its transaction (sessions/session-record.ts). */
  session(sessionId: string): string {
    return `${this.prefix}session:${sessionId}`;
  }
  /** A session's chat, newest last (chat/chat-service.ts); gone when the session ends unless kept. */
  sessionChat(sessionId: string): string {
    return `${this.prefix}session:${sessionId}:chat`;
  }
  /** Who joined a session after its two sides, by participant id (sessions/session-guests.ts). */
  sessionGuests(sessionId: string): string {
    return `${this.prefix}session:${sessionId}:guests`;
  }
  /** The session a guest (`supervisor:<userId>`) is in now: one call at a time. */
  guestSession(participantId: string): string {
    return `${this.prefix}guest:${participantId}:session`;
  }
  /** An invite into a session under way, while it rings (sessions/invite-record.ts). */
  invite(inviteId: string): string {
    return `${this.prefix}invite:${inviteId}`;
  }
  /**
   * The invite ringing at a supervisor (`supervisor:<userId>`), who has no presence to hold it: one
   * invite at a time, none while in a call. A specialist's is the `inviteId` of their presence.
   */
  guestInvite(participantId: string): string {
    return `${this.prefix}guest:${participantId}:invite`;
  }
  /** Today's counters of one queue (answered, waits, in target, abandoned, cancelled, denied, handle times). */
  stats(day: string, agency: string, language: string): string {
    return `${this.prefix}stats:${day}:${agency}:${language}`;
  }
  /** A queue's answers of the day: three counters in one string (supervision/day-answers.ts). */
  dayAnswers(day: string, agency: string, language: string): string {
    return `${this.prefix}answers:${day}:${agency}:${language}`;
  }
  /** Bookings already counted as no-shows in a day's figures (bookings/booking-service.ts): each once. */
  bookingNoShowsCounted(day: string): string {
    return `${this.prefix}bookings:no-shows-counted:${day}`;
  }
  /**
   * Bookings of one queue still to come (not checked in, cancelled or no-show), scored by their
   * start (epoch ms): the walk-in estimate counts those due before a walk-in's turn (queue/estimate.ts).
   */
  bookingsDue(agency: string, language: string): string {
    return `${this.prefix}bookings:due:${agency}:${language}`;
  }
  /** Recent handle time of one queue (ms, exponentially weighted). */
  aht(agency: string, language: string): string {
    return `${this.prefix}aht:${agency}:${language}`;
  }
  /**
   * Transactions recorded but not yet handed to the transactions queue: session id → the session's
   * record as JSON, written by the script that records the outcome.
   */
  pendingTransactions(): string {
    return `${this.prefix}tx:outbox`;
  }
  /**
   * Demand events (cancelled, abandoned, denied) not yet handed to the demand queue: event id →
   * JSON, written in the same atomic step as the change they record.
   */
  pendingDemand(): string {
    return `${this.prefix}demand:pending`;
  }
  /**
   * Every deadline (offer expiry, wrap-up limit, grace periods, session limit, closing time) as
   * `<kind>|<id>` scored by due ms; written by the script that changes the state it guards.
   */
  deadlines(): string {
    return `${this.prefix}deadlines`;
  }
  /** Signaling processes by their last heartbeat (ms). */
  processes(): string {
    return `${this.prefix}procs`;
  }
  /** The live sockets of a principal (`point:<id>`, `expert:<id>`): socket id → process id. */
  connections(principal: string): string {
    return `${this.prefix}conn:${principal}`;
  }
  /** `<principal>|<socket id>` of every socket one process holds. */
  processConnections(processId: string): string {
    return `${this.prefix}proc:${processId}:conns`;
  }
  /** Principal → when its last live socket went (ms), while it has none. */
  connectionsLost(): string {
    return `${this.prefix}lost`;
  }
  /**
   * Held (with an expiry) by the one process relaying an outbox channel's records to its queue,
   * so that two processes do not hand the same records over in differently made batches.
   */
  outboxRelay(queue: string): string {
    return `${this.prefix}outbox:relay:${queue}`;
  }
  /** BullMQ's prefix for the transactions, demand and feedback queues. */
  bullPrefix(): string {
    return `${this.prefix}bull`;
  }

  // ── feedback and the wallboard ────────────────────────────────────────────────────────────

  /** The one-per-session feedback claim. */
  feedbackClaim(sessionId: string): string {
    return `${this.prefix}feedback:${sessionId}`;
  }
  /**
   * Pushed views (rooms) someone watches on any process (realtime/watch-marks.ts): zset room →
   * until when (ms), renewed by the processes holding the watchers.
   */
  watched(): string {
    return `${this.prefix}watched`;
  }
  /** The wallboard's samples of one queue on one day, a field per sampling interval. */
  supervisionHistory(day: string, agency: string, language: string): string {
    return `${this.prefix}supervision:history:${day}:${agency}:${language}`;
  }

  // ── Socket.IO adapter ─────────────────────────────────────────────────────────────────────

  /** The stream that carries pushes between signaling processes. */
  socketIoStream(): string {
    return `${this.prefix}socket.io`;
  }
  /** Key prefix of the sessions that let a briefly disconnected client recover its rooms. */
  socketIoSessions(): string {
    return `${this.prefix}sio:session:`;
  }

  // ── media (shared with sfu-server) ────────────────────────────────────────────────────────

  /** Which node and worker carries a media room. */
  mediaRoom(roomId: string): string {
    return mediaKeys.room(this.prefix, roomId);
  }
  /** The channel SFU nodes publish room events on. */
  mediaEvents(): string {
    return mediaKeys.events(this.prefix);
  }
  /** The SFU nodes that announced themselves. */
  sfuNodes(): string {
    return sfuRegistryKeys.nodes(this.prefix);
  }
  /** One SFU node's heartbeat record (expires when it stops beating). */
  sfuNode(nodeId: string): string {
    return sfuRegistryKeys.node(this.prefix, nodeId);
  }
  /** The control secret shared with the SFU nodes when none is configured (development only). */
  sfuControlSecret(): string {
    return mediaKeys.controlSecret(this.prefix);
  }
}
