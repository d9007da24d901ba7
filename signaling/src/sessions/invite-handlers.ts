/**
 * The invite commands (issue 14): the session's specialist invites a colleague or an interpreter,
 * the invitee accepts or declines, and a joined consultant may leave before the end. The queue's
 * scripts decide (one atomic step each); the participants service announces joins and leaves.
 */

import type { Directory } from '../directory/directory.js';
import type { QueueService } from '../queue/queue-service.js';
import type { CommandRouter } from '../realtime/command-router.js';
import type { ParticipantsService } from './participants-service.js';

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
      const { sessionId } = await queue.answerInvite(principal.id, inviteId, 'accept', principal.displayName);
      log.info({ inviteId, sessionId }, 'invite accepted');
      // The script answers the session's id whenever it did not refuse.
      return participants.view(principal, sessionId ?? '');
    })
    .handle(
      'invite:decline',
      async ({ principal }, { inviteId }) =>
        (await queue.answerInvite(principal.id, inviteId, 'decline', principal.displayName)).presence,
    )
    .handle('session:leave-as-guest', async ({ principal, log }, { sessionId }) => {
      const presence = await queue.leaveAsGuest(principal.id, sessionId);
      log.info({ sessionId }, 'consultant left the call');
      return presence;
    });
}
