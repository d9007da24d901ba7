/**
 * Which pushed views someone watches, on any signaling process: a view is a room (a supervisor's
 * agency figures, `metrics:<agency>`; the specialists' queue glance, `queues:watch`), and a room
 * watched anywhere is one member of a zset (`watched`, room → until when). A view nobody watches
 * is not read: its reads (every staffed specialist's presence, the first 200 waiting's declines)
 * cost more than the matching that changed it.
 *
 * A process marks a room before it reads a new watcher's snapshot (so every process pushes a change
 * made after that read), renews the marks of the rooms it holds watchers in every WATCH_RENEW_MS,
 * and a mark lapses after a few missed renewals (a process gone without unmarking). A pusher reads
 * the live marks once per coalesced flush.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { AppServer } from './types.js';

/** How often a process renews the marks of the rooms watched from it. */
export const WATCH_RENEW_MS = 10_000;
/** A mark outlives a few missed renewals. */
const WATCH_TTL_MS = 3 * WATCH_RENEW_MS;

export class WatchMarks {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Marks rooms watched (from now on, by anyone): a subscription, and each renewal. */
  async mark(rooms: readonly string[], now = Date.now()): Promise<void> {
    if (rooms.length === 0) return;
    const key = this.keys.watched();
    const until = now + WATCH_TTL_MS;
    // Lapsed marks are dropped on the way; `live` skips them meanwhile.
    await this.redis
      .pipeline()
      .zremrangebyscore(key, '-inf', `(${now}`)
      .zadd(key, 'GT', ...rooms.flatMap((room) => [until, room]))
      .exec();
  }

  /** The rooms someone watches now. */
  async live(now = Date.now()): Promise<Set<string>> {
    return new Set(await this.redis.zrangebyscore(this.keys.watched(), now, '+inf'));
  }

  /**
   * Renews, now and every WATCH_RENEW_MS, the marks of this process's rooms that are views
   * (`isView`); returns the renewal, to run again at once (Redis back after a restart).
   */
  renewEvery(io: AppServer, isView: (room: string) => boolean, onError: (error: unknown) => void) {
    const renew = () => this.mark([...io.of('/').adapter.rooms.keys()].filter(isView)).catch(onError);
    const timer = setInterval(() => void renew(), WATCH_RENEW_MS);
    timer.unref();
    return { renew, stop: () => clearInterval(timer) };
  }
}
