/** Reads offers from Redis as records (offer-record.ts); the one place that does. */
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { OFFER_FIELDS, type OfferRecord, offerTicketId, parseOfferRecord } from './offer-record.js';

export class OfferStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** The offer while it rings; undefined once it is gone (accepted, declined, expired, withdrawn). */
  async get(offerId: string): Promise<OfferRecord | undefined> {
    const ticketId = offerTicketId(offerId);
    if (!ticketId) return undefined;
    const values = await this.redis.hmget(this.keys.ticket(ticketId), ...OFFER_FIELDS);
    return parseOfferRecord(offerId, ticketId, Object.fromEntries(OFFER_FIELDS.map((name, i) => [name, values[i]])));
  }
}
