/**
 * The invite commands (issue 14): the session's specialist invites a colleague, an interpreter or a
 * supervisor, the invitee accepts or declines, and a joined consultant may leave before the end.
 * The queue's scripts decide (one atomic step each); the participants service announces joins and
 * leaves, and joins an invited supervisor as from the wallboard.
 */

import { type Principal, ProtocolError } from '@etapiste/protocol';
import type { Directory } from '../directory/directory.js';
import type { QueueService } from '../queue/queue-service.js';
import type { CommandRouter } from '../realtime/command-router.js';
import type { ParticipantsService } from './participants-service.js';

/** Invites ring at people: a point device (whose id is a point's, not a person's) has none. */
function invitee(principal: Principal): string {
  if (principal.role === 'point') throw new ProtocolError('INVITE_GONE');
  return principal.id;
}

export function registerInviteHandlers(
  router: CommandRouter,
  queue: QueueService,
  participants: ParticipantsService,
  directory: Directory,
): void {
  router
    .handle('session:invite', async ({ principal, log }, invite) => {
      const made = await queue.invite(principal.id, invite);
      log.info({ sessionId: invite.sessionId, inviteId: made.inviteId, kind: invite.kind }, 'invite made');
      return {
        inviteId: made.inviteId,
        inviteeName: directory.user(made.inviteeId)?.displayName ?? made.inviteeId,
        expiresAt: made.expiresAt,
      };
    })
    .handle('invite:accept', async ({ principal, log }, { inviteId }) => {
      const answer = await queue.answerInvite(invitee(principal), inviteId, 'accept', principal.displayName);
      log.info({ inviteId, sessionId: answer.sessionId }, 'invite accepted');
      // The script answers the session's id whenever it did not refuse.
      const sessionId = answer.sessionId ?? '';
      // A supervisor joins as from the wallboard: the same rules, audit and announcement.
      if (answer.supervisorInvite) return participants.joinAsSupervisor(principal, sessionId, answer.supervisorInvite);
      return participants.view(principal, sessionId);
    })
    .handle(
      'invite:decline',
      async ({ principal }, { inviteId }) =>
        (await queue.answerInvite(invitee(principal), inviteId, 'decline', principal.displayName)).presence ?? {},
    )
    .handle('session:leave-as-guest', async ({ principal, log }, { sessionId }) => {
      const presence = await queue.leaveAsGuest(principal.id, sessionId);
      log.info({ sessionId }, 'consultant left the call');
      return presence;
    });
}
