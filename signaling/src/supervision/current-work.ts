/**
 * A specialist's work in progress, read from the queue's Redis state (read only): the offer ringing
 * now, or the session in progress or in wrap-up. The console asks for it after every (re)connect,
 * so a reload or a network drop resumes where the specialist was instead of losing the session.
 */
import type { CurrentWork, Language, Offer, WorkDetails } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { QueueService } from '../queue/queue-service.js';
import type { Keys } from '../redis/keys.js';

export class CurrentWorkReader {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly service: QueueService,
  ) {}

  async read(expertId: string): Promise<CurrentWork> {
    const [state, offerId, sessionId] = await this.redis.hmget(
      this.keys.presence(expertId),
      'state',
      'offerId',
      'sessionId',
    );
    if (state === 'offered' && offerId) {
      const offer = await this.#offer(offerId, expertId);
      return offer ? { offer } : {};
    }
    if ((state === 'in-session' || state === 'wrap-up') && sessionId) {
      const session = await this.service.session(sessionId);
      if (!session || session.expertId !== expertId) return {};
      const [deadline, outcome] = await this.redis.hmget(this.keys.session(sessionId), 'wrapUpDeadline', 'outcome');
      const details = await this.#details(session.ticketId);
      return {
        session,
        ...(details ? { details } : {}),
        ...(deadline && !outcome ? { wrapUpDeadline: new Date(Number(deadline)).toISOString() } : {}),
      };
    }
    return {};
  }

  async #details(ticketId: string): Promise<WorkDetails | undefined> {
    const [topic, note, transferNote] = await this.redis.hmget(
      this.keys.ticket(ticketId),
      'topic',
      'note',
      'transferNote',
    );
    const details: WorkDetails = {
      ...(topic ? { topic } : {}),
      ...(note ? { note } : {}),
      ...(transferNote ? { transferNote } : {}),
    };
    return Object.keys(details).length > 0 ? details : undefined;
  }

  async #offer(offerId: string, expertId: string): Promise<Offer | undefined> {
    const offer = await this.redis.hgetall(this.keys.offer(offerId));
    if (!offer.ticketId || !offer.expiresAt || offer.expertId !== expertId) return undefined;
    const ticket = await this.redis.hgetall(this.keys.ticket(offer.ticketId));
    if (!ticket.agency || !ticket.visitId || !ticket.pointId) return undefined;
    return {
      offerId,
      ticketId: offer.ticketId,
      visitId: ticket.visitId,
      pointId: ticket.pointId,
      agency: ticket.agency,
      language: ticket.language as Language,
      enqueuedAt: new Date(Number(ticket.enqueuedAt)).toISOString(),
      expiresAt: new Date(Number(offer.expiresAt)).toISOString(),
      ...(ticket.topic ? { topic: ticket.topic } : {}),
      ...(ticket.note ? { note: ticket.note } : {}),
      ...(ticket.transferredFrom ? { transferredFrom: ticket.transferredFrom } : {}),
      ...(ticket.transferNote ? { transferNote: ticket.transferNote } : {}),
    };
  }
}
