/**
 * Reads of the queue's tickets for the console: an offer as it rings (the offer record joined with
 * its ticket), the notes beside a session, and what each point's requests are doing (the
 * wallboard). The ticket's layout is ticket-record.ts.
 */
import type { Offer, WorkDetails } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { OfferStore } from '../sessions/offer-store.js';
import { offerView, type TicketFacts, ticketFacts, workDetails } from './ticket-record.js';

export class TicketReader {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly offers: OfferStore,
    /** A person's display name (an offer with an interpreter names the other side). */
    private readonly nameOf: (userId: string) => string = (id) => id,
  ) {}

  /**
   * The offer while it rings at this specialist (or at this interpreter, with a specialist);
   * undefined once it is gone or not theirs.
   */
  async offer(offerId: string, expertId: string): Promise<Offer | undefined> {
    const offer = await this.offers.get(offerId);
    if (!offer || (offer.expertId !== expertId && offer.interpreterId !== expertId)) return undefined;
    const ticket = await this.redis.hgetall(this.keys.ticket(offer.ticketId));
    if (!offer.interpreterId) return offerView(offer, ticket);
    const as = offer.interpreterId === expertId ? 'interpreter' : 'expert';
    const partner = as === 'interpreter' ? offer.expertId : offer.interpreterId;
    return offerView(offer, ticket, {
      as,
      partnerName: this.nameOf(partner),
      partnerAccepted: offer.acceptedBy === partner,
    });
  }

  async details(ticketId: string): Promise<WorkDetails | undefined> {
    return workDetails(await this.redis.hgetall(this.keys.ticket(ticketId)));
  }

  /** Each point's requests in play (waiting, ringing, in a session), in the order of the points. */
  async ofPoints(pointIds: readonly string[]): Promise<TicketFacts[][]> {
    const ids = await Promise.all(pointIds.map((pointId) => this.redis.smembers(this.keys.pointTickets(pointId))));
    const pipeline = this.redis.pipeline();
    for (const id of ids.flat()) pipeline.hgetall(this.keys.ticket(id));
    const results = ids.flat().length > 0 ? ((await pipeline.exec()) ?? []) : [];
    let cursor = 0;
    return ids.map((ofPoint) =>
      ofPoint.flatMap((id) => ticketFacts(id, (results[cursor++]?.[1] ?? {}) as Record<string, string>) ?? []),
    );
  }
}
