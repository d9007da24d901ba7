/**
 * Pushes invites into a session (issue 14): a new invite rings at its invitee (`invite:incoming`,
 * with the inviter's name), and the inviter is told how each ended (`invite:answered`: accepted,
 * declined, rang out, or cancelled when the invitee's connection went or the session was over).
 * Built from what the scripts report, not read back. A supervisor's invite rings in their own room
 * (`supervisor:<id>`), through the adapter: the principal emitter knows only points' and specialists'
 * connections.
 */
import type { Language } from '@etapiste/protocol';
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import { expertRoom, principalRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { ScriptReport } from './commands.js';
import type { QueueEvents } from './queue-service.js';

export class InvitePusher implements QueueEvents {
  constructor(
    private readonly io: AppServer,
    private readonly nameOf: (userId: string) => string,
  ) {}

  async onReport(report: ScriptReport): Promise<void> {
    const made = report.invited;
    if (made) {
      const to =
        made.kind === 'supervisor'
          ? this.io.to(principalRoom({ role: 'supervisor', id: made.inviteeId }))
          : PrincipalEmitter.to(this.io, expertRoom(made.inviteeId));
      to.emit('invite:incoming', {
        inviteId: made.inviteId,
        sessionId: made.sessionId,
        visitId: made.visitId,
        kind: made.kind,
        agency: made.agency,
        language: made.language as Language,
        ...(made.interpreterLanguage ? { interpreterLanguage: made.interpreterLanguage } : {}),
        from: this.nameOf(made.inviterId),
        expiresAt: new Date(made.expiresAt).toISOString(),
      });
    }
    for (const answer of report.inviteAnswers ?? []) {
      PrincipalEmitter.to(this.io, expertRoom(answer.inviterId)).emit('invite:answered', {
        inviteId: answer.inviteId,
        outcome: answer.outcome,
      });
    }
  }
}
