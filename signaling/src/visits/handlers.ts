import { ProtocolError } from '@etapiste/protocol';
import type { CommandRouter } from '../realtime/command-router.js';
import type { VisitStore } from './visit-store.js';

export function registerVisitHandlers(router: CommandRouter, visits: VisitStore): void {
  router.handle('visit:open', async ({ principal, log }) => {
    const pointId = requirePoint(principal.pointId);
    const visit = await visits.openFor(pointId);
    log.info({ visitId: visit.id, pointId }, 'visit open');
    return { visitId: visit.id, openedAt: visit.openedAt };
  });

  router.handle('visit:close', async ({ principal, log }, { visitId }) => {
    const pointId = requirePoint(principal.pointId);
    const closed = await visits.close(pointId, visitId);
    // Someone else's visit and no visit look the same: ids of other points are not confirmed.
    if (!closed?.closedAt) throw new ProtocolError('NOT_FOUND');
    log.info({ visitId, pointId }, 'visit closed');
    return { visitId, closedAt: closed.closedAt };
  });
}

function requirePoint(pointId: string | undefined): string {
  if (!pointId) throw new ProtocolError('FORBIDDEN');
  return pointId;
}
