/**
 * Signs a revoked token family's connections out, on every signaling process: each is told why on
 * `server:error` (SESSION_REVOKED), then its connection is closed. A server-side disconnect is
 * not kept for recovery, and the family's tokens no longer pass the handshake, so the app goes back
 * to its sign-in. The principal's other sign-ins (other devices) are not the replayed token's and
 * keep working.
 *
 * Each process closes its own sockets (the adapter carries the request to the others): an emit
 * through the cluster adapter reaches the client only after its round trip through Redis, so a
 * notice sent that way would lose the race with the disconnect. Locally the notice is written
 * first, and the connection closes once it is flushed.
 */
import { type Principal, ProtocolError } from '@etapiste/protocol';
import { principalRoom } from './rooms.js';
import type { AppServer } from './types.js';

export class FamilySignOut {
  readonly #io: AppServer;

  constructor(io: AppServer) {
    this.#io = io;
    io.on('auth:family-revoked', (room, family) => this.#signOutHere(room, family));
  }

  /** Signs the family out everywhere; resolves with how many connections this process closed. */
  async signOut(principal: Pick<Principal, 'id' | 'role'>, family: string): Promise<number> {
    const room = principalRoom(principal);
    this.#io.serverSideEmit('auth:family-revoked', room, family);
    return this.#signOutHere(room, family);
  }

  #signOutHere(room: string, family: string): number {
    const notice = new ProtocolError('SESSION_REVOKED').toWire();
    let signedOut = 0;
    for (const socketId of [...(this.#io.of('/').adapter.rooms.get(room) ?? [])]) {
      const socket = this.#io.sockets.sockets.get(socketId);
      if (socket?.data.family !== family) continue;
      this.#io.local.to(socket.id).emit('server:error', notice);
      socket.disconnect(true);
      signedOut++;
    }
    return signedOut;
  }
}
