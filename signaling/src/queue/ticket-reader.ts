/**
 * Reads of the queue's tickets for the specialist's side: an offer as it rings (the offer record
 * joined with its ticket) and the notes beside a session. The ticket's layout is ticket-record.ts.
 */
import type { Offer, WorkDetails } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { OfferStore } from '../sessions/offer-store.js';
import { offerView, workDetails } from './ticket-record.js';

export class TicketReader {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly offers: OfferStore,
  ) {}

  /** The offer while it rings at this specialist; undefined once it is gone or not theirs. */
  async offer(offerId: string, expertId: string): Promise<Offer | undefined> {
    const offer = await this.offers.get(offerId);
    if (offer?.expertId !== expertId) return undefined;
    return offerView(offer, await this.redis.hgetall(this.keys.ticket(offer.ticketId)));
  }

  async details(ticketId: string): Promise<WorkDetails | undefined> {
    return workDetails(await this.redis.hgetall(this.keys.ticket(ticketId)));
  }
}
