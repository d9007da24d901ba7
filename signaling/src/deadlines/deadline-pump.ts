/**
 * Fires due deadlines from any live process. Each round claims up to `batch` due members with a
 * lease (their score moves to now + lease), then runs the handler for each. The handler's script
 * removes the member when it acts or finds the state moved on; a process killed between claim and
 * fire leaves the member to come due again when the lease ends, and another process fires it. So
 * a deadline is fired at least once and acts at most once.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/lua-script.js';
import { type Deadline, parseDeadline } from './deadline.js';

/** KEYS: deadlines. ARGV: batch, lease ms. Returns the claimed members. */
const CLAIM_DUE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, m in ipairs(due) do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), m) end
return due
`;

/** What firing a deadline does; it must remove the member (in its script) once it has acted. */
export type DeadlineHandler = (deadline: Deadline) => Promise<void>;

export interface DeadlinePumpOptions {
  redis: Redis;
  key: string;
  handler: DeadlineHandler;
  log: FastifyBaseLogger;
  /** How often due deadlines are looked for. Deadlines fire at most this late (plus load). */
  intervalMs?: number;
  /** How long a claimed deadline waits before another process may fire it again. */
  leaseMs?: number;
  batch?: number;
}

const CLAIM_DUE_SCRIPT = new LuaScript<string[]>(CLAIM_DUE, 1);

export class DeadlinePump {
  readonly #options: Required<DeadlinePumpOptions>;
  readonly #redis: Redis;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #stopped = false;

  constructor(options: DeadlinePumpOptions) {
    this.#options = { intervalMs: 100, leaseMs: 10_000, batch: 200, ...options };
    this.#redis = options.redis;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Fires what is due now (tests and the start-up reconciler call it directly). */
  async fireDue(): Promise<number> {
    const { key, batch, leaseMs, handler, log } = this.#options;
    let fired = 0;
    for (;;) {
      const members = await CLAIM_DUE_SCRIPT.run(this.#redis, key, batch, leaseMs);
      for (const member of members) {
        const deadline = parseDeadline(member);
        if (!deadline) {
          // Not ours to interpret: dropping it keeps one bad member from being claimed forever.
          await this.#options.redis.zrem(key, member);
          continue;
        }
        try {
          await handler(deadline);
          fired++;
        } catch (error) {
          // The lease brings it back; nothing is lost.
          log.warn({ err: error, deadline: deadline.kind }, 'deadline not fired; retried after its lease');
        }
      }
      if (members.length < batch) return fired;
    }
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#round(), delayMs);
    this.#timer.unref?.();
  }

  async #round(): Promise<void> {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    try {
      await this.fireDue();
    } catch (error) {
      this.#options.log.warn({ err: error }, 'deadline round failed');
    } finally {
      this.#running = false;
      this.#schedule(this.#options.intervalMs);
    }
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }
}
