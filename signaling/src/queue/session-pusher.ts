/**
 * Pushes sessions to both sides. A session started reaches the point, which also tells it its
 * request is in a session (no `ticket:update` repeats it), and the specialist (and interpreter),
 * except the connection whose `offer:accept` answer carries the session. A session ended reaches
 * the point with the wrap-up deadline, and the specialist too unless they ended or transferred it
 * themselves (they have the answer to their own command), with the state it left them in.
 */
import type { Session } from '@etapiste/protocol';
import type { PresencePusher } from '../presence/presence-pusher.js';
import { commandOrigin } from '../realtime/command-origin.js';
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import { expertRoom, pointRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { ScriptReport } from './commands.js';
import type { QueueEvents, SessionEndedReport } from './queue-service.js';

export class SessionPusher implements QueueEvents {
  constructor(
    private readonly io: AppServer,
    private readonly presence: PresencePusher,
  ) {}

  async onSessionStarted(session: Session): Promise<void> {
    PrincipalEmitter.to(this.io, pointRoom(session.pointId)).emit('session:started', session);
    // The connection whose offer:accept started it has the session in its answer: only the other
    // connections (another tab; the partner of an offer with an interpreter) are told.
    const origin = commandOrigin();
    for (const expertId of session.interpreterId ? [session.expertId, session.interpreterId] : [session.expertId]) {
      const to = PrincipalEmitter.to(this.io, expertRoom(expertId));
      (origin ? to.except(origin) : to).emit('session:started', session);
    }
    // No ticket:update: session:started tells the point its request is in a session (one message
    // fewer per match). Its positions were forgotten when it was offered (ticket-pusher.ts), and an
    // answered request never waits again under its id.
  }

  /**
   * An interpreter's part in a session is over (the session ended, or they were gone past their
   * grace): they are told, as the specialist is, and go back to work without a wrap-up.
   */
  async onReport(report: ScriptReport): Promise<void> {
    const left = report.interpreterLeft;
    if (!left) return;
    const endedAt = new Date(report.endedAt ?? Date.now()).toISOString();
    PrincipalEmitter.to(this.io, expertRoom(left.interpreterId)).emit('session:ended', {
      sessionId: left.sessionId,
      reason: report.endReason ?? 'interrupted',
      endedAt,
      // Interpreters have no wrap-up: it is over when it ends.
      wrapUpDeadline: endedAt,
    });
  }

  async onPartnerAccepted(partnerId: string, offerId: string): Promise<void> {
    PrincipalEmitter.to(this.io, expertRoom(partnerId)).emit('offer:partner-accepted', { offerId });
  }

  async onSessionEnded(ended: SessionEndedReport): Promise<void> {
    const { pointId, expertId, ...payload } = ended;
    PrincipalEmitter.to(this.io, pointRoom(pointId)).emit('session:ended', payload);
    if (ended.reason !== 'ended' && ended.reason !== 'transferred') {
      PrincipalEmitter.to(this.io, expertRoom(expertId)).emit('session:ended', payload);
      await this.presence.push(expertId);
    }
  }
}
