/**
 * Login throttling: failed attempts are counted per username+address and per address in Redis
 * (shared by every signaling process). Once over the limit, even a correct password is refused
 * until the window passes, so guessing cannot continue at full speed.
 */
import { ProtocolError } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export class LoginLimiter {
  readonly #perAccount: RateLimiterRedis;
  readonly #perAddress: RateLimiterRedis;
  readonly #maxFailures: number;

  constructor(redis: Redis, keyPrefix: string, maxFailures: number, windowSeconds: number) {
    this.#maxFailures = maxFailures;
    this.#perAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:account`,
      points: maxFailures,
      duration: windowSeconds,
    });
    // One address may mistype several accounts (a shared office), but not dozens.
    this.#perAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:address`,
      points: maxFailures * 4,
      duration: windowSeconds,
    });
  }

  /** Throws RATE_LIMITED when this account or address has used up its failures. */
  async assertAllowed(account: string, address: string): Promise<void> {
    const [perAccount, perAddress] = await Promise.all([
      this.#perAccount.get(accountKey(account, address)),
      this.#perAddress.get(address),
    ]);
    for (const [state, limit] of [
      [perAccount, this.#maxFailures],
      [perAddress, this.#maxFailures * 4],
    ] as const) {
      if (state && state.consumedPoints >= limit) {
        throw new ProtocolError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(state.msBeforeNext / 1000) });
      }
    }
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await Promise.all([
      this.#perAccount.penalty(accountKey(account, address), 1),
      this.#perAddress.penalty(address, 1),
    ]).catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
    });
  }

  async recordSuccess(account: string, address: string): Promise<void> {
    await this.#perAccount.delete(accountKey(account, address));
  }
}

function accountKey(account: string, address: string): string {
  return `${account.toLowerCase()}|${address}`;
}
