/**
 * Redis's clock as this process reads it, so that the queue's scripts need not ask Redis for the
 * time (`TIME`) at every call: a third of a match's scripts' bookkeeping was that one command
 * (docs/queue.md "Measured"). Every process keeps the offset between its monotonic clock and
 * Redis's `TIME`, measured on a round trip and renewed every half minute, and hands the scripts
 * that reading; so every process still keeps the time of one clock, Redis's, to within half a
 * round trip (well under a millisecond on a local network), and a host whose own wall clock is
 * wrong does not move the queue's time. BullMQ passes the caller's time to its scripts the same
 * way.
 *
 * Until the first reading (or when Redis cannot be reached) `now()` is undefined and the scripts
 * read `TIME` themselves, as before.
 */
import type { Redis } from 'ioredis';

/** Readings are renewed this often (a clock drifts by microseconds a minute; renewing costs one command). */
const RENEW_MS = 30_000;
/** A reading whose round trip took longer than this (a busy moment) is not trusted when we have one. */
const TRUSTED_ROUND_TRIP_MS = 20;
/** How soon a reading is tried again after one that was not trusted. */
const RETRY_MS = 1_000;

export class RedisClock {
  /** Redis's epoch ms minus this process's `performance.timeOrigin + performance.now()`. */
  #offset: number | undefined;
  #readAt = Number.NEGATIVE_INFINITY;
  /** The round trip of the reading in use (ms): its error is at most half of it. */
  #roundTrip = Number.POSITIVE_INFINITY;
  #reading: Promise<void> | undefined;
  /** The last time handed out: a renewed offset never takes the queue's time backwards. */
  #last = 0;

  constructor(private readonly redis: Redis) {}

  /**
   * Redis's time now (epoch ms, integer, never decreasing), or undefined before the first reading
   * and while the connection is not ready: a command queued offline runs when Redis is back, and
   * then reads Redis's own time rather than the time it was issued.
   */
  now(): number | undefined {
    const local = performance.now();
    // A reading taken on a slow round trip is replaced soon by a better one.
    const renewAfter = this.#roundTrip > TRUSTED_ROUND_TRIP_MS ? RETRY_MS : RENEW_MS;
    if (local - this.#readAt > renewAfter) this.#renew();
    if (this.#offset === undefined || this.redis.status !== 'ready') return undefined;
    const now = Math.max(this.#last, Math.floor(performance.timeOrigin + local + this.#offset));
    this.#last = now;
    return now;
  }

  /** Takes a reading now (start-up; tests). */
  async read(): Promise<void> {
    this.#renew();
    await this.#reading;
  }

  #renew(): void {
    if (this.#reading) return;
    this.#readAt = performance.now();
    this.#reading = this.#sample()
      .catch(() => undefined) // unreachable Redis: the scripts read TIME when they run again
      .finally(() => {
        this.#reading = undefined;
      });
  }

  async #sample(): Promise<void> {
    const sent = performance.now();
    const [seconds, micros] = await this.redis.time();
    const received = performance.now();
    const roundTrip = received - sent;
    // A reading skewed by a busy moment does not replace a better one; the first is kept whatever
    // its round trip, and one not trusted is tried again every RETRY_MS until a trusted one comes.
    if (this.#offset !== undefined && roundTrip > TRUSTED_ROUND_TRIP_MS && roundTrip >= this.#roundTrip) return;
    const redisMs = Number(seconds) * 1000 + Number(micros) / 1000;
    this.#offset = redisMs - (performance.timeOrigin + (sent + received) / 2);
    this.#roundTrip = roundTrip;
  }
}
