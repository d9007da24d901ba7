/**
 * Deadlines live with the state they guard: every script that creates or changes a state with a
 * time limit writes its deadline into one sorted set (`deadlines`, scored by due time in ms) in
 * the same atomic step, and removes it when the state moves on. Any live signaling process fires
 * what is due (`DeadlinePump`); firing is idempotent, because the firing script re-checks the
 * state, so a deadline fired twice, or by two processes, or for a state that has moved on does
 * nothing the second time.
 *
 * A member is `<kind>|<id>`. The Lua side writes the same strings (`DEADLINE_LUA`).
 */
export const DeadlineKind = {
  /**
   * The deadline of a request's current step (`ticketId`), one member that each step overwrites:
   * its offer rings out, then its session reaches the maximum length, then the session's wrap-up
   * limit passes (the outcome is recorded as `not-recorded`). The firing script reads the
   * request's state to know which (lua.ts `requestDue`).
   */
  request: 'request',
  /** Before `request`: an offer rings out (`offerId`). Still fired for members written by an older version. */
  offer: 'offer',
  /** Before `request`: the wrap-up limit passes (`sessionId`). Still fired for older members. */
  wrapUp: 'wrap',
  /** A point has had no live connection for its grace period (`pointId`). */
  pointGrace: 'pgrace',
  /** A specialist has had no live connection for their grace period (`expertId`). */
  expertGrace: 'egrace',
  /**
   * A supervisor or an administrator has had no live connection for the grace period (their
   * principal, `supervisor:<id>` or `admin:<id>`): an invite ringing at them ends, and they leave
   * a call they had joined.
   */
  supervisorGrace: 'sgrace',
  /** Before `request`: a session has run the maximum length (`sessionId`). Still fired for older members. */
  sessionLimit: 'slimit',
  /** A specialist's cool-down after declining a waiting request is over (`ticketId`): offer it again. */
  redecline: 'redecline',
  /** A booked request's reservation for its booked specialist lapses (`ticketId`): anyone may serve it. */
  reservation: 'reserve',
  /** A stepped-away request passed over once met the head again, its customer away (`ticketId`): abandoned. */
  awayAbandon: 'away',
  /** An invite into a session rings out (`inviteId`): the invitee goes away (missed), the inviter is told. */
  invite: 'invite',
  /** A queue's closing time plus the time still served after it (`agency|language`). */
  queueClose: 'close',
} as const;
export type DeadlineKind = (typeof DeadlineKind)[keyof typeof DeadlineKind];

export interface Deadline {
  kind: DeadlineKind;
  id: string;
}

const KINDS = new Set<string>(Object.values(DeadlineKind));

export function deadlineMember(kind: DeadlineKind, id: string): string {
  return `${kind}|${id}`;
}

export function parseDeadline(member: string): Deadline | undefined {
  const bar = member.indexOf('|');
  if (bar <= 0) return undefined;
  const kind = member.slice(0, bar);
  if (!KINDS.has(kind)) return undefined;
  return { kind: kind as DeadlineKind, id: member.slice(bar + 1) };
}

/**
 * Lua helpers for scripts that own deadlines; they expect `key(...)` and `NOW` from the script's
 * library (see queue/lua.ts).
 */
export const DEADLINE_LUA = `
local function set_deadline(kind, id, at) redis.call('ZADD', key('deadlines'), at, kind .. '|' .. id) end
local function clear_deadline(kind, id) redis.call('ZREM', key('deadlines'), kind .. '|' .. id) end
`;
