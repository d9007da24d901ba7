/**
 * Login throttling, in Redis (shared by every signaling process), on three keys:
 *  - account + address: LOGIN_MAX_FAILURES failures in the window lock that pair for the window;
 *  - address: four times as many (one address may mistype several accounts, a shared office, but
 *    not dozens);
 *  - account alone, from any address: after LOGIN_MAX_FAILURES failures each further attempt waits
 *    twice as long as the one before (1 s, 2 s, 4 s, … up to the window). Changing address cannot
 *    reset it, so guessing one account from many addresses stays slow.
 * While any of them holds, even a correct password is refused (RATE_LIMITED with a retry time)
 * without being checked, so a throttled guess learns nothing. The address is the client's as
 * Fastify sees it: the peer, or what a trusted proxy forwarded (TRUST_PROXY) — never a header an
 * untrusted client made up. IPv6 addresses count per /64, the block one subscriber gets.
 */
import { isIPv6 } from 'node:net';
import { ProtocolError } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Keys } from '../redis/keys.js';

export interface LoginLimits {
  /** Failures per account+address before it is locked, and free failures per account. */
  maxFailures: number;
  windowSeconds: number;
}

export class LoginLimiter {
  readonly #redis: Redis;
  readonly #keys: Keys;
  readonly #limits: LoginLimits;
  readonly #perAccountAddress: RateLimiterRedis;
  readonly #perAddress: RateLimiterRedis;

  constructor(redis: Redis, keys: Keys, limits: LoginLimits) {
    this.#redis = redis;
    this.#keys = keys;
    this.#limits = limits;
    this.#perAccountAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keys.loginFailures()}:account`,
      points: limits.maxFailures,
      duration: limits.windowSeconds,
    });
    this.#perAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keys.loginFailures()}:address`,
      points: limits.maxFailures * 4,
      duration: limits.windowSeconds,
    });
  }

  /** Throws RATE_LIMITED while this account, this address or the pair has to wait. */
  async assertAllowed(account: string, address: string, now = Date.now()): Promise<void> {
    const client = addressKey(address);
    const [pair, perAddress, slowdown] = await Promise.all([
      this.#perAccountAddress.get(pairKey(account, client)),
      this.#perAddress.get(client),
      this.#redis.hmget(this.#keys.loginSlowdown(accountKey(account)), 'failures', 'last'),
    ]);
    let waitMs = 0;
    for (const [state, limit] of [
      [pair, this.#limits.maxFailures],
      [perAddress, this.#limits.maxFailures * 4],
    ] as const) {
      if (state && state.consumedPoints >= limit) waitMs = Math.max(waitMs, state.msBeforeNext);
    }
    waitMs = Math.max(waitMs, this.#slowdownMs(Number(slowdown[0] ?? 0), Number(slowdown[1] ?? 0), now));
    if (waitMs > 0)
      throw new ProtocolError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
  }

  async recordFailure(account: string, address: string, now = Date.now()): Promise<void> {
    const client = addressKey(address);
    const slowdownKey = this.#keys.loginSlowdown(accountKey(account));
    await Promise.all([
      this.#perAccountAddress.penalty(pairKey(account, client), 1),
      this.#perAddress.penalty(client, 1),
      // Forgotten a window after the last failure.
      this.#redis
        .multi()
        .hincrby(slowdownKey, 'failures', 1)
        .hset(slowdownKey, 'last', String(now))
        .expire(slowdownKey, this.#limits.windowSeconds)
        .exec(),
    ]).catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
    });
  }

  /**
   * A success clears the pair's count only. The account's slow-down stays until it decays: a
   * success in the middle of a guessing run from elsewhere must not hand the guesser fresh tries.
   */
  async recordSuccess(account: string, address: string): Promise<void> {
    await this.#perAccountAddress.delete(pairKey(account, addressKey(address)));
  }

  /** How long the account must still wait after `failures` failures, the last at `last` (epoch ms). */
  #slowdownMs(failures: number, last: number, now: number): number {
    const over = failures - this.#limits.maxFailures;
    if (!Number.isFinite(over) || over < 0) return 0;
    const delayMs = Math.min(2 ** Math.min(over, 30) * 1000, this.#limits.windowSeconds * 1000);
    return Math.max(0, last + delayMs - now);
  }
}

function accountKey(account: string): string {
  return account.toLowerCase();
}

function pairKey(account: string, address: string): string {
  return `${accountKey(account)}|${address}`;
}

/**
 * The key an address counts under: IPv4 as it is (also when mapped into IPv6), IPv6 by its /64
 * prefix, since one subscriber can use every address of a /64.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('%')[0]?.split('::') ?? [];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
