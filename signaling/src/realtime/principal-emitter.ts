/**
 * Pushes to one principal (`point:<id>`, `expert:<id>`) that do not cross the adapter when they need
 * not. Every `io.to(room).emit` writes an entry to the adapter's Redis stream, read by every
 * process, even when the only socket in the room is on this process; a match pushes to its point
 * and its specialist about ten times, so that was the largest part of a match's Redis commands.
 *
 * The rule: a push goes out locally (`io.local`) only while this process holds a socket of the
 * principal and knows no other process holds one. The connection registry (liveness/, `conn:<principal>`:
 * socket id → process) says how many live sockets a principal has everywhere; when a socket
 * connects here and the registry counts more than this process holds, the principal is "shared":
 * this process marks it so and tells the others (one server-side message), and pushes to it go
 * through the adapter from then on, on every process, until this process holds none of its sockets
 * again. When in doubt (no local socket, a registry that cannot be read) the push goes through the
 * adapter, as before.
 *
 * Why this keeps what the adapter gave: a principal with no socket here gets the push through the
 * stream, which is also what a briefly disconnected client recovers its missed pushes from. A local
 * push to a socket that is dropping at that moment is not in the stream, but every client re-reads
 * its state (presence, work in progress, requests) whenever it connects, recovered or not. The window
 * in which a second process's new socket is not yet known here (its message in flight) is covered
 * the same way: that socket reads the state right after it connects.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { AppServer } from './types.js';

type Target = ReturnType<AppServer['to']>;

const emitters = new WeakMap<AppServer, PrincipalEmitter>();

export class PrincipalEmitter {
  /** Principals with a socket on another process too (as far as this process has heard). */
  readonly #shared = new Set<string>();

  private constructor(
    private readonly io: AppServer,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: FastifyBaseLogger,
  ) {
    io.on('principal:shared', (room: string) => {
      if (this.#localCount(room) > 0) this.#shared.add(room);
    });
    io.on('connection', (socket) => {
      const room = `${socket.data.principal.role}:${socket.data.principal.id}`;
      void this.#connected(room);
      socket.on('disconnect', () => {
        if (this.#localCount(room) === 0) this.#shared.delete(room);
      });
    });
  }

  /** The emitter of this server (one per server): made once by the queue runtime. */
  static attach(io: AppServer, redis: Redis, keys: Keys, log: FastifyBaseLogger): PrincipalEmitter {
    let emitter = emitters.get(io);
    if (!emitter) {
      emitter = new PrincipalEmitter(io, redis, keys, log);
      emitters.set(io, emitter);
    }
    return emitter;
  }

  /** Where a push to a principal's room goes: `io.local` when only this process holds its sockets. */
  static to(io: AppServer, room: string): Target {
    return emitters.get(io)?.to(room) ?? io.to(room);
  }

  /**
   * Whether every live socket of the principal is on this process, as far as it knows (see the
   * rule above): then what those sockets have joined here is all they have joined anywhere.
   */
  static holdsAll(io: AppServer, room: string): boolean {
    return emitters.get(io)?.holdsAll(room) ?? false;
  }

  holdsAll(room: string): boolean {
    return !this.#shared.has(room) && this.#localCount(room) > 0;
  }

  to(room: string): Target {
    if (this.#shared.has(room) || this.#localCount(room) === 0) return this.io.to(room);
    return this.io.local.to(room);
  }

  #localCount(room: string): number {
    return this.io.of('/').adapter.rooms.get(room)?.size ?? 0;
  }

  /**
   * A socket of the principal connected here (it registered before `connection`). Read after the
   * connection handlers have joined it to its room, so the local count includes it.
   */
  async #connected(room: string): Promise<void> {
    if (!room.startsWith('point:') && !room.startsWith('expert:')) return;
    try {
      const everywhere = await this.redis.hlen(this.keys.connections(room));
      if (everywhere > this.#localCount(room)) {
        this.#shared.add(room);
        this.io.serverSideEmit('principal:shared', room);
      }
    } catch (error) {
      // Unknown: through the adapter, as if shared.
      this.#shared.add(room);
      this.log.warn({ err: error }, 'connections of a principal not read; its pushes go through the adapter');
    }
  }
}
