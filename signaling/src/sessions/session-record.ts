/**
 * The customer–specialist session's Redis hash (`session:<id>`, see redis/keys.ts): its one
 * layout. Only the queue's scripts write it, in the same atomic step as the change it records
 * (queue/lua.ts): accept creates it; end and transfer add the end and the wrap-up deadline;
 * wrap-up adds the outcome, after which it is also the session's transaction. Everyone else
 * reads it through the session store (session-store.ts) as a `SessionRecord`.
 *
 * | field                                                     | written by  | value                           |
 * | --------------------------------------------------------- | ----------- | ------------------------------- |
 * | `ticketId`, `visitId`, `pointId`, `expertId`              | accept      | ids                             |
 * | `agency`, `language`                                      | accept      | the queue served                |
 * | `topic`, `transferredFrom`                                | accept      | `''` when none                  |
 * | `queuedAt`, `offeredAt`, `answeredAt`                     | accept      | epoch ms (Redis `TIME`)         |
 * | `endedAt`, `wrapUpDeadline`                               | end, transfer | epoch ms                      |
 * | `outcome`, `completedAt`                                  | wrap-up     | an outcome code; epoch ms       |
 * | `note`                                                    | wrap-up     | the specialist's note, if any   |
 * | `identityCheck`, `advisorId`                              | accept      | `''` when none (from the request) |
 * | `interpreterId`, `interpreterLanguage`, `interpreterLeftAt` | accept; leave, end | the interpreter matched with the specialist |
 * | `invitedInterpreterId`, `invitedInterpreterLanguage`      | invite accept | the first interpreter invited into the call |
 * | `invitedInterpreterMinutes`                               | leave, end  | invited interpreters' whole minutes, each stay rounded up |
 */
import { IdentityCheck, Language, type Session, Session as SessionSchema, Transaction } from '@etapiste/protocol';
import type { z } from 'zod';

export interface SessionRecord {
  sessionId: string;
  ticketId: string;
  visitId: string;
  pointId: string;
  expertId: string;
  agency: string;
  language: Language;
  topic?: string;
  transferredFrom?: string;
  /** Epoch milliseconds. */
  queuedAt: number;
  offeredAt: number;
  answeredAt: number;
  endedAt?: number;
  wrapUpDeadline?: number;
  outcome?: string;
  completedAt?: number;
  /** The specialist's wrap-up note. */
  note?: string;
  /** How the point checked the customer's identity (the method, never a document number). */
  identityCheck?: IdentityCheck;
  /** The advisor who started the request at the point. */
  advisorId?: string;
  /** The interpreter matched with the specialist, the language they interpret, and when they left (epoch ms). */
  interpreterId?: string;
  interpreterLanguage?: string;
  interpreterLeftAt?: number;
  /**
   * An interpreter invited into the call (`session:invite`, the first one), their language, and the
   * whole minutes invited interpreters were in it (each stay rounded up), added once they left.
   */
  invitedInterpreterId?: string;
  invitedInterpreterLanguage?: string;
  invitedInterpreterMinutes?: number;
}

/** The interpreter matched with the specialist while they are still in the call (undefined after they left). */
export function interpreterInCall(r: SessionRecord): string | undefined {
  return r.interpreterLeftAt === undefined ? r.interpreterId : undefined;
}

/** The record of a session's hash; undefined when there is no such session (or not a whole one). */
export function parseSessionRecord(sessionId: string, f: Record<string, string>): SessionRecord | undefined {
  const language = Language.safeParse(f.language);
  const queuedAt = epochMs(f.queuedAt);
  const offered = epochMs(f.offeredAt);
  const answered = epochMs(f.answeredAt);
  if (!f.ticketId || !f.visitId || !f.pointId || !f.expertId || !f.agency || !language.success) return undefined;
  if (queuedAt === undefined || offered === undefined || answered === undefined) return undefined;
  // Each time was read from Redis's clock through a different process's offset (redis/redis-clock.ts),
  // so two steps a few milliseconds apart can come out in the wrong order. The record keeps them in
  // order (the ledger's table checks queued ≤ answered ≤ ended and would refuse the transaction).
  const offeredAt = Math.max(offered, queuedAt);
  const answeredAt = Math.max(answered, offeredAt);
  const ended = epochMs(f.endedAt);
  const endedAt = ended === undefined ? undefined : Math.max(ended, answeredAt);
  const wrapUpDeadline = epochMs(f.wrapUpDeadline);
  const completedAt = epochMs(f.completedAt);
  const identityCheck = IdentityCheck.safeParse(f.identityCheck);
  return {
    sessionId,
    ticketId: f.ticketId,
    visitId: f.visitId,
    pointId: f.pointId,
    expertId: f.expertId,
    agency: f.agency,
    language: language.data,
    ...(f.topic ? { topic: f.topic } : {}),
    ...(f.transferredFrom ? { transferredFrom: f.transferredFrom } : {}),
    queuedAt,
    offeredAt,
    answeredAt,
    ...(endedAt !== undefined ? { endedAt } : {}),
    ...(wrapUpDeadline !== undefined ? { wrapUpDeadline } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(completedAt !== undefined ? { completedAt } : {}),
    ...(f.note ? { note: f.note } : {}),
    ...(identityCheck.success ? { identityCheck: identityCheck.data } : {}),
    ...(f.advisorId ? { advisorId: f.advisorId } : {}),
    ...(f.interpreterId ? { interpreterId: f.interpreterId } : {}),
    ...(f.interpreterLanguage ? { interpreterLanguage: f.interpreterLanguage } : {}),
    ...(epochMs(f.interpreterLeftAt) !== undefined ? { interpreterLeftAt: epochMs(f.interpreterLeftAt) } : {}),
    ...(f.invitedInterpreterId ? { invitedInterpreterId: f.invitedInterpreterId } : {}),
    ...(f.invitedInterpreterLanguage ? { invitedInterpreterLanguage: f.invitedInterpreterLanguage } : {}),
    ...(epochMs(f.invitedInterpreterMinutes) !== undefined
      ? { invitedInterpreterMinutes: epochMs(f.invitedInterpreterMinutes) }
      : {}),
  };
}

/** The session as both sides see it (`session:started`, `work:current`). */
export function sessionView(r: SessionRecord): Session {
  return SessionSchema.parse(sessionFields(r));
}

/** The session's transaction, once its outcome is recorded; a record that cannot be one fails the schema. */
export function sessionTransaction(r: SessionRecord): z.ZodSafeParseResult<Transaction> {
  return Transaction.safeParse({
    ...sessionFields(r),
    outcome: r.outcome,
    ...(r.topic ? { topic: r.topic } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...interpreting(r),
  });
}

/**
 * Interpreting is billed by the minute, apart from the transaction. The matched interpreter: from
 * the answer (both sides accepted together) until they left or the session ended, rounded up to
 * whole minutes. An interpreter invited into the call: each stay from their accept until they left
 * or the session ended, rounded up (the queue adds them up). A session with both bills the sum,
 * under the matched interpreter's name and language (docs/ledger.md).
 */
function interpreting(r: SessionRecord): {
  interpreterId?: string;
  interpreterLanguage?: string;
  interpreterMinutes?: number;
} {
  const until = r.interpreterLeftAt ?? r.endedAt;
  const matched =
    r.interpreterId && until !== undefined ? Math.max(0, Math.ceil((until - r.answeredAt) / 60_000)) : undefined;
  const invited = r.invitedInterpreterId ? r.invitedInterpreterMinutes : undefined;
  const interpreterId = r.interpreterId ?? r.invitedInterpreterId;
  if (!interpreterId) return {};
  const language = r.interpreterId ? r.interpreterLanguage : r.invitedInterpreterLanguage;
  return {
    interpreterId,
    ...(language ? { interpreterLanguage: language } : {}),
    ...(matched !== undefined || invited !== undefined ? { interpreterMinutes: (matched ?? 0) + (invited ?? 0) } : {}),
  };
}

/** The wire fields the session view and the transaction share, so they cannot disagree. */
function sessionFields(r: SessionRecord) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    sessionId: r.sessionId,
    ticketId: r.ticketId,
    visitId: r.visitId,
    pointId: r.pointId,
    expertId: r.expertId,
    agency: r.agency,
    language: r.language,
    queuedAt: iso(r.queuedAt),
    offeredAt: iso(r.offeredAt),
    answeredAt: iso(r.answeredAt),
    ...(r.endedAt !== undefined ? { endedAt: iso(r.endedAt) } : {}),
    ...(r.transferredFrom ? { transferredFrom: r.transferredFrom } : {}),
    ...(r.identityCheck ? { identityCheck: r.identityCheck } : {}),
    ...(r.advisorId ? { advisorId: r.advisorId } : {}),
    ...(r.interpreterId ? { interpreterId: r.interpreterId } : {}),
    ...(r.interpreterLanguage ? { interpreterLanguage: r.interpreterLanguage } : {}),
  };
}

function epochMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Number(value);
  return Number.isFinite(ms) ? ms : undefined;
}
