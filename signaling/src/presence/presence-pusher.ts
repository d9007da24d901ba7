/**
 * Tells a specialist's connections their state (`presence:changed`) when it changed: after they
 * chose it (presence:set) and after every queue change that moved it (an offer withdrawn, a
 * session ended, wrap-up done, a grace period), except where the queue's own event says it (an
 * offer ringing at them, a session they started: queue-runtime.ts). Through the Socket.IO adapter when a
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

  /**
   * `known`: the state as the script that changed it reported it, so that it need not be read back;
   * `except`: a connection of theirs that knows it already.
   */
  async push(expertId: string, known?: Presence, except?: string): Promise<void> {
    const presence = known ?? (await this.presence.get(expertId));
    const to = PrincipalEmitter.to(this.io, expertRoom(expertId));
    // `except`: the connection whose command's answer said this state (realtime/command-origin.ts).
    (except ? to.except(except) : to).emit('presence:changed', presence);
    this.told(expertId, presence);
  }

  /**
   * A state their connections learn from another event (an offer ringing, a session started:
   * queue-runtime.ts): not pushed, but the listeners hear of it as of any other.
   */
  told(expertId: string, presence: Presence): void {
    for (const listener of this.#listeners) listener(expertId, presence);
  }
}
