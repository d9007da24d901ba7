/** Reads offers from Redis as records (offer-record.ts); the one place that does. */
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { type OfferRecord, offerTicketId, parseOfferRecord } from './offer-record.js';

export class OfferStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** The offer while it rings; undefined once it is gone (accepted, declined, expired, withdrawn). */
  async get(offerId: string): Promise<OfferRecord | undefined> {
    const ticketId = offerTicketId(offerId);
    if (!ticketId) return undefined;
    const [state, current, expertId, offeredAt, expiresAt, interpreterId, accepted] = await this.redis.hmget(
      this.keys.ticket(ticketId),
      'state',
      'offerId',
      'expertId',
      'offeredAt',
      'offerExpiresAt',
      'offerInterpreterId',
      'offerAccepted',
    );
    // Rings only while the request is offered with this very offer (a later one has its own id).
    if (state !== 'offered' || current !== offerId) return undefined;
    return parseOfferRecord(offerId, {
      ticketId,
      expertId: expertId ?? '',
      offeredAt: offeredAt ?? '',
      expiresAt: expiresAt ?? '',
      interpreterId: interpreterId ?? '',
      accepted: accepted ?? '',
    });
  }
}
