/**
 * A specialist's presence hash (`expert:<id>:presence`, see redis/keys.ts): its one layout. Only
 * the queue's scripts change it (queue/lua.ts), in the same step as the queue membership it goes
 * with (availability sets, offers, sessions), so state and queue never disagree: choosing
 * available or away goes through presence-service.ts, the rest follows the queue's commands.
 *
 * | field       | value                                                                             |
 * | ----------- | --------------------------------------------------------------------------------- |
 * | `state`     | `ExpertState`                                                                     |
 * | `reason`    | `AwayReason`, while away                                                          |
 * | `since`     | epoch ms of the last change of state (an ISO time where written by hand, in tests) |
 * | `skills`    | `agency\|language,…`: the queues they serve, written when they choose a state     |
 * | `offerId`   | the offer ringing at them                                                         |
 * | `sessionId` | their session in progress or in wrap-up                                           |
 * | `inviteId`  | an invite into a session ringing at them (`offered` without an offer)              |
 * | `consultant`| `1` while in a session's call by invite (its guest, not its specialist)             |
 *
 * Fields are parsed one by one: a field that is missing, empty or not valid is left out. The
 * scripts write a field that no longer applies (the reason when not away, an offer or a session
 * that is over) as empty instead of deleting it, so that a change of state is one HSET.
 */
import { AwayReason, ExpertState, type InterpreterPair, type Skill } from '@etapiste/protocol';
import { holds, type SeedUser } from '../directory/seed.js';

export interface PresenceRecord {
  state?: ExpertState;
  reason?: AwayReason;
  /** ISO time. */
  since?: string;
  skills: Skill[];
  offerId?: string;
  sessionId?: string;
  /** An invite into a session under way ringing at them (queue/lua.ts `invite`). */
  inviteId?: string;
  /** In `sessionId`'s call as an invited guest (a consultant or an invited interpreter). */
  consultant?: boolean;
}

export function parsePresenceRecord(f: Record<string, string>): PresenceRecord {
  const state = ExpertState.safeParse(f.state);
  const reason = AwayReason.safeParse(f.reason);
  return {
    ...(state.success ? { state: state.data } : {}),
    ...(reason.success ? { reason: reason.data } : {}),
    ...(f.since ? { since: isoTime(f.since) } : {}),
    skills: parseSkills(f.skills),
    ...(f.offerId ? { offerId: f.offerId } : {}),
    ...(f.sessionId ? { sessionId: f.sessionId } : {}),
    ...(f.inviteId ? { inviteId: f.inviteId } : {}),
    ...(f.consultant === '1' ? { consultant: true } : {}),
  };
}

/** Skills as the record keeps them, and as the scripts read them: `agency|language,agency|language`. */
export function skillsField(skills: readonly Skill[]): string {
  return skills.map((s) => `${s.agency}|${s.language}`).join(',');
}

/**
 * An interpreter's pairs in the same field, as the queue's pools (`~<language>|<service language>`,
 * queue/lua.ts): the pool's availability and staffing sets then come with the queue's helpers.
 */
export function interpreterPairsField(pairs: readonly InterpreterPair[]): string {
  return pairs.map((p) => `~${p.language}|${p.serviceLanguage}`).join(',');
}

/**
 * The queues a person serves, as the record and the scripts keep them: a specialist's skills, an
 * interpreter's pairs; undefined for anyone else.
 */
export function queueSkillsOf(user: Pick<SeedUser, 'roles' | 'skills' | 'interpreterPairs'>): string | undefined {
  if (holds(user, 'expert')) return skillsField(user.skills);
  if (holds(user, 'interpreter')) return interpreterPairsField(user.interpreterPairs);
  return undefined;
}

function parseSkills(csv: string | undefined): Skill[] {
  return (csv ?? '').split(',').flatMap((pair) => {
    const [agency, language] = pair.split('|');
    // An interpreter's pools are not agencies' queues.
    return agency && language && !agency.startsWith('~') ? [{ agency, language } as Skill] : [];
  });
}

/**
 * The scripts write `since` as Redis epoch milliseconds; the protocol sends ISO datetimes. A value
 * that is not a number (an ISO string written by hand, e.g. in tests) passes through when valid.
 */
function isoTime(value: string): string {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}
