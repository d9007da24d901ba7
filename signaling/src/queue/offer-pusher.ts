/**
 * Pushes offers to specialists: a new offer rings at its specialist (`offer:incoming`, and the
 * point sees its ticket offered), a withdrawn one stops ringing (`offer:withdrawn`; a specialist
 * who declined has the answer already). The offer and the ticket are built from what the script
 * reports it wrote, not read back from Redis.
 */
import type { FastifyBaseLogger } from 'fastify';
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import { expertRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { ScriptReport } from './commands.js';
import type { QueueEvents } from './queue-service.js';
import type { TicketPusher } from './ticket-pusher.js';
import type { TicketReader } from './ticket-reader.js';
import { offerView } from './ticket-record.js';

export class OfferPusher implements QueueEvents {
  constructor(
    private readonly io: AppServer,
    private readonly reader: TicketReader,
    private readonly tickets: TicketPusher,
    private readonly log: FastifyBaseLogger,
    /** A person's display name (an offer with an interpreter names the other side). */
    private readonly nameOf: (userId: string) => string = (id) => id,
  ) {}

  async onReport(report: ScriptReport): Promise<void> {
    for (const made of report.offers) {
      // The script reports the request as it made the offer; older reports are read back.
      const { ticket, offeredAt, expiresAt } = made;
      const offer =
        ticket && offeredAt !== undefined && expiresAt !== undefined
          ? offerView(
              { offerId: made.offerId, ticketId: made.ticketId, expertId: made.expertId, offeredAt, expiresAt },
              ticket,
              made.role && made.partnerId
                ? { as: made.role, partnerName: this.nameOf(made.partnerId), partnerAccepted: false }
                : undefined,
            )
          : await this.reader.offer(made.offerId, made.expertId);
      if (offer) {
        PrincipalEmitter.to(this.io, expertRoom(made.expertId)).emit('offer:incoming', offer);
        this.log.info({ offerId: made.offerId, expertId: made.expertId, ticketId: made.ticketId }, 'offer made');
      }
      // An offer with an interpreter is reported once per side; the point's ticket is pushed once.
      if (made.role === 'interpreter') continue;
      if (ticket) this.tickets.pushFields(made.ticketId, ticket);
      else await this.tickets.push(made.ticketId);
    }
    for (const gone of report.withdrawn) {
      if (gone.reason !== 'declined') {
        PrincipalEmitter.to(this.io, expertRoom(gone.expertId)).emit('offer:withdrawn', {
          offerId: gone.offerId,
          reason: gone.reason,
        });
      }
    }
  }
}
