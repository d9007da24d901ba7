/** The `session:*` commands about who is in a call; each is one call into the participants service. */
import type { CommandRouter } from '../realtime/command-router.js';
import type { ParticipantsService } from './participants-service.js';

export function registerParticipantsHandlers(router: CommandRouter, participants: ParticipantsService): void {
  router
    .handle('session:participants:get', ({ principal }, { sessionId }) => participants.view(principal, sessionId))
    .handle('session:join-as-supervisor', ({ principal }, { sessionId }) =>
      participants.joinAsSupervisor(principal, sessionId),
    )
    .handle('session:leave-as-supervisor', ({ principal }, { sessionId }) =>
      participants.leaveAsSupervisor(principal, sessionId),
    );
}
