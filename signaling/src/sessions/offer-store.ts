/** Reads offers from Redis as records (offer-record.ts); the one place that does. */
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { type OfferRecord, parseOfferRecord } from './offer-record.js';

export class OfferStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** The offer while it rings; undefined once it is gone (accepted, declined, expired, withdrawn). */
  async get(offerId: string): Promise<OfferRecord | undefined> {
    return parseOfferRecord(offerId, await this.redis.hgetall(this.keys.offer(offerId)));
  }
}
