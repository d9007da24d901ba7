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
