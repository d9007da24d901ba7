/** `advisor:*`: the point reads who is signed in at it, keeps the sign-in alive, and signs out. */
import { ProtocolError } from '@etapiste/protocol';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { CommandRouter } from '../realtime/command-router.js';
import type { AdvisorSessions } from './advisor-sessions.js';

export function registerAdvisorHandlers(
  router: CommandRouter,
  sessions: AdvisorSessions,
  audit: AuditTrail,
  announce: (pointId: string, state: Awaited<ReturnType<AdvisorSessions['state']>>) => void,
): void {
  router.handle('advisor:get', async ({ principal }) => {
    if (!principal.pointId) throw new ProtocolError('FORBIDDEN');
    return sessions.state(principal.pointId);
  });

  router.handle('advisor:touch', async ({ principal }) => {
    if (!principal.pointId) throw new ProtocolError('FORBIDDEN');
    return sessions.touch(principal.pointId);
  });

  router.handle('advisor:sign-out', async ({ principal, log }) => {
    if (!principal.pointId) throw new ProtocolError('FORBIDDEN');
    const advisorId = await sessions.signOut(principal.pointId);
    const state = await sessions.state(principal.pointId);
    if (advisorId) {
      log.info({ event: 'advisor-logout', advisorId, pointId: principal.pointId }, 'advisor signed out at point');
      await audit
        .record('auth.advisor-logout', { id: advisorId, role: 'advisor' }, { target: `point:${principal.pointId}` })
        .catch((error: unknown) => log.error({ err: error }, 'audit event not recorded'));
      announce(principal.pointId, state);
    }
    return state;
  });
}
