/**
 * A specialist chooses their state (`presence:set`): available, or away with a reason. The change
 * is one of the queue's scripts (queue/lua.ts), because becoming available may match a waiting
 * request at once and going away leaves every availability set, all in the same step as the state
 * itself; the queue runs them and tells its listeners what they did (offers made, queues touched).
 * Here: who may choose, with which skills, and the refusal while the queue owns their state.
 */
import { type AwayReason, ProtocolError } from '@etapiste/protocol';
import type { Directory } from '../directory/directory.js';
import { queueSkillsOf } from './presence-record.js';
import type { Presence, PresenceStore } from './presence-store.js';

/** What a presence script reports: `blocked` (with the state) while an offer, session or wrap-up owns it. */
export interface PresenceChange {
  status: string;
  state?: string;
}

/** The queue's scripts that change a specialist's state (queue-service.ts runs them). */
export interface PresenceScripts {
  goAvailable(expertId: string, skills: string): Promise<PresenceChange>;
  goAway(expertId: string, skills: string, reason: AwayReason): Promise<PresenceChange>;
}

export class PresenceService {
  constructor(
    private readonly scripts: PresenceScripts,
    private readonly store: PresenceStore,
    private readonly directory: Directory,
  ) {}

  async choose(expertId: string, state: 'available' | 'away', reason?: AwayReason): Promise<Presence> {
    const user = this.directory.user(expertId);
    if (!user) throw new ProtocolError('FORBIDDEN');
    // An interpreter's presence is a specialist's, over their language pairs (the queue's pools).
    const skills = queueSkillsOf(user);
    if (skills === undefined) throw new ProtocolError('FORBIDDEN');
    const change =
      state === 'available'
        ? await this.scripts.goAvailable(expertId, skills)
        : await this.scripts.goAway(expertId, skills, reason ?? 'other');
    if (change.status === 'blocked') throw new ProtocolError('CONFLICT', { message: `busy: ${change.state}` });
    return this.store.get(expertId);
  }
}
