/**
 * Connection-state recovery, bound to the session's owner. Socket.IO restores a dropped
 * connection's session (socket id, rooms, missed packets) from the private session id (`pid`) the
 * client presents with any stream offset, and it does so while constructing the socket, before any
 * middleware runs: the rooms are joined and the missed packets written at once. Whoever presents
 * another's pid would get that session, whatever token they bring.
 *
 * So the adapter's restore is wrapped to hold the rooms and missed packets back, and the auth
 * middleware (socket-auth.ts) settles the socket once its token is verified: when the token's
 * principal and sign-in (token family: the device) are the session's, the rooms are joined and
 * the missed packets written, as Socket.IO would have done; otherwise the socket starts fresh —
 * new id and pid, no rooms, `recovered` false — and the held-back session is dropped.
 *
 * Socket.IO offers no hook between restore and construction, so settling touches three of the
 * socket's internals (`id`, `pid`, `recovered`) and its packet writer; the recovery tests
 * (signaling/test/security-recovery.test.ts) fail if a Socket.IO upgrade changes them.
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '@etapiste/protocol';
import type { AppSocket, SocketData } from './types.js';

/** What the adapter's `restoreSession` resolves to (socket.io-adapter's `Session`). */
interface RestoredSession {
  sid: string;
  pid: string;
  rooms: string[];
  data: unknown;
  missedPackets: unknown[][];
}

interface RestoringAdapter {
  restoreSession(pid: string, offset: string): Promise<RestoredSession>;
}

interface HeldBack {
  rooms: string[];
  missedPackets: unknown[][];
}

/** The owner a recovered session must have: who the new token speaks for, and from which sign-in. */
export interface SessionOwner {
  principal: Pick<Principal, 'id' | 'role'>;
  family: string;
}

export type RecoveryOutcome = 'fresh' | 'recovered' | 'refused';

/** socket.io-parser's PacketType.EVENT (the parser is not a dependency of ours). */
const EVENT_PACKET = 2;

export class RecoveryGuard {
  /** Keyed by the restored `data` object, which becomes the socket's `data`: gone with the socket. */
  readonly #held = new WeakMap<object, HeldBack>();

  /** Wraps an adapter factory (Server option `adapter`) so that restores hold rooms and packets back. */
  adapter<A extends RestoringAdapter>(factory: (nsp: unknown) => A): (nsp: unknown) => A {
    const held = this.#held;
    // Socket.IO calls the factory with `new`, so it cannot be an arrow function; the object it
    // returns is the adapter.
    return function guardedAdapter(nsp: unknown): A {
      const adapter = factory(nsp);
      const restore = adapter.restoreSession.bind(adapter);
      adapter.restoreSession = async (pid, offset) => {
        const session = await restore(pid, offset);
        const data = typeof session.data === 'object' && session.data !== null ? session.data : {};
        held.set(data, { rooms: session.rooms, missedPackets: session.missedPackets });
        return { ...session, data, rooms: [], missedPackets: [] };
      };
      return adapter;
    };
  }

  /**
   * Called by the auth middleware once the token is verified and before it writes `socket.data`:
   * completes a recovery for the session's owner, or makes the socket a fresh one.
   */
  settle(socket: AppSocket, owner: SessionOwner): RecoveryOutcome {
    if (!socket.recovered) return 'fresh';
    const previous = socket.data as Partial<SocketData>;
    const held = this.#held.get(previous);
    this.#held.delete(previous);
    if (
      held &&
      previous.principal?.id === owner.principal.id &&
      previous.principal.role === owner.principal.role &&
      previous.family === owner.family
    ) {
      void socket.join(held.rooms);
      const writer = socket as unknown as { packet(packet: { type: number; data: unknown[] }): void };
      for (const data of held.missedPackets) writer.packet({ type: EVENT_PACKET, data });
      return 'recovered';
    }
    const internals = socket as unknown as { id: string; pid: string; recovered: boolean };
    internals.id = newSocketId();
    internals.pid = newSocketId();
    internals.recovered = false;
    socket.data = {} as SocketData;
    return 'refused';
  }
}

/** Like Socket.IO's own ids: 20 random URL-safe characters. */
function newSocketId(): string {
  return randomBytes(15).toString('base64url');
}
