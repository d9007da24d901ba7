/**
 * Tells a specialist's connections their state (`presence:changed`) when it changed: after they
 * chose it (presence:set) and after every queue change that moved it (an offer made or withdrawn,
 * a session started or ended, wrap-up done, a grace period). Through the Socket.IO adapter, so a
 * connection on another signaling process hears it too.
 */
import { expertRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { PresenceStore } from './presence-store.js';

export class PresencePusher {
  constructor(
    private readonly io: AppServer,
    private readonly presence: PresenceStore,
  ) {}

  async push(expertId: string): Promise<void> {
    this.io.to(expertRoom(expertId)).emit('presence:changed', await this.presence.get(expertId));
  }
}
