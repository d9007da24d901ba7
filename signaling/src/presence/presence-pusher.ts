/**
 * Tells a specialist's connections their state (`presence:changed`) when it changed: after they
 * chose it (presence:set) and after every queue change that moved it (an offer made or withdrawn,
 * a session started or ended, wrap-up done, a grace period). Through the Socket.IO adapter when a
 * connection of theirs may be on another signaling process (realtime/principal-emitter.ts). After a queue script the state comes from
 * the script's report (it says what it wrote); otherwise it is read.
 */
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import { expertRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { Presence, PresenceStore } from './presence-store.js';

export class PresencePusher {
  readonly #listeners: ((expertId: string, presence: Presence) => void)[] = [];

  constructor(
    private readonly io: AppServer,
    private readonly presence: PresenceStore,
  ) {}

  /** Told every state pushed (the media's standby ends when a specialist goes away or offline). */
  onPushed(listener: (expertId: string, presence: Presence) => void): void {
    this.#listeners.push(listener);
  }

  /** `known`: the state as the script that changed it reported it, so that it need not be read back. */
  async push(expertId: string, known?: Presence): Promise<void> {
    const presence = known ?? (await this.presence.get(expertId));
    PrincipalEmitter.to(this.io, expertRoom(expertId)).emit('presence:changed', presence);
    for (const listener of this.#listeners) listener(expertId, presence);
  }
}
