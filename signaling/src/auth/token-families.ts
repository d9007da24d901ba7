/**
 * Refresh-token families (OAuth 2.0 Security BCP, "refresh token rotation"). Each sign-in starts
 * a family; every refresh and access token it leads to carries the family id. A refresh token is
 * exchanged once: its id is remembered in Redis until it expires. A second exchange means two
 * parties hold a copy and nobody can tell which one is rightful, so the whole family is revoked:
 * the token issued by the earlier rotation stops refreshing, and every access token of the family
 * is refused (TokenService checks `isRevoked` on each verification). The owner signs in again.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { RevocationCheck, VerifiedRefresh } from './tokens.js';

export class TokenFamilies implements RevocationCheck {
  readonly #redis: Redis;
  readonly #keys: Keys;

  constructor(redis: Redis, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /** Marks a refresh token as used; false when it had been used before (a replay). */
  async claim(refresh: VerifiedRefresh): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil((refresh.expiresAt.getTime() - Date.now()) / 1000));
    const set = await this.#redis.set(this.#keys.refreshUsed(refresh.jti), refresh.family, 'EX', ttl, 'NX');
    return set === 'OK';
  }

  /**
   * Revokes a family for `seconds`: as long as any of its tokens could still be valid
   * (TokenService.familyLifetimeSeconds), after which none can and the mark may go.
   */
  async revoke(family: string, seconds: number): Promise<void> {
    await this.#redis.set(this.#keys.tokenFamilyRevoked(family), '1', 'EX', Math.max(1, Math.ceil(seconds)));
  }

  async isRevoked(family: string): Promise<boolean> {
    return (await this.#redis.exists(this.#keys.tokenFamilyRevoked(family))) === 1;
  }

  /**
   * Signs a subject off everywhere from now: every token issued before is refused from here on
   * (a point's key rotated or revoked, a person deactivated). Kept as long as a token can live.
   */
  async signOff(kind: 'user' | 'point', subject: string, seconds: number, now = Date.now()): Promise<void> {
    await this.#redis.set(
      this.#keys.subjectSignedOff(kind, subject),
      String(now),
      'EX',
      Math.max(1, Math.ceil(seconds)),
    );
  }

  async signedOffAt(kind: 'user' | 'point', subject: string): Promise<number | undefined> {
    const at = await this.#redis.get(this.#keys.subjectSignedOff(kind, subject));
    return at === null ? undefined : Number(at);
  }
}
