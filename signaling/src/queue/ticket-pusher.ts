/**
 * Pushes a ticket's whole view to its point (`ticket:update`) when its state changed: offered, in
 * a session, or told the service closed (with when it opens next). To every connection of the
 * point wherever it is (realtime/principal-emitter.ts: off the adapter while only this process
 * holds it), unlike the position pushes (position-pusher.ts), which it tells to send the next
 * position again, since the point has just heard about the ticket.
 */
import type { Redis } from 'ioredis';
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import { pointRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { ScriptReport } from './commands.js';
import type { PositionPusher } from './position-pusher.js';
import type { QueueEvents, QueueService } from './queue-service.js';
import { ticketFacts } from './ticket-record.js';

export class TicketPusher implements QueueEvents {
  constructor(
    private readonly io: AppServer,
    private readonly redis: Redis,
    private readonly service: QueueService,
    private readonly positions: PositionPusher,
  ) {}

  async onReport(report: ScriptReport): Promise<void> {
    // Requests told the service closed see it at once, with when it opens next.
    for (const ticketId of report.closed ?? []) await this.push(ticketId);
  }

  async push(ticketId: string): Promise<void> {
    const pointId = await this.redis.hget(this.service.keys.ticket(ticketId), 'pointId');
    const view = await this.service.ticketView(ticketId);
    this.positions.forget(ticketId);
    if (pointId && view) PrincipalEmitter.to(this.io, pointRoom(pointId)).emit('ticket:update', view);
  }

  /**
   * The same push from the ticket's hash as a script reports it wrote it, for a ticket that is no
   * longer waiting (offered, in a session): its view is its facts, with no place in a queue.
   */
  pushFields(ticketId: string, fields: Record<string, string>): void {
    const view = ticketFacts(ticketId, fields);
    this.positions.forget(ticketId);
    if (fields.pointId && view) PrincipalEmitter.to(this.io, pointRoom(fields.pointId)).emit('ticket:update', view);
  }
}
