/** Socket commands of the queue: points' requests, specialists' offers and sessions. */
import { ProtocolError } from '@etapiste/protocol';
import type { AdvisorSessions } from '../advisors/advisor-sessions.js';
import type { CommandRouter } from '../realtime/command-router.js';
import { queuesRoom } from '../realtime/rooms.js';
import type { QueueRuntime } from './queue-runtime.js';

export function registerQueueHandlers(router: CommandRouter, queue: QueueRuntime, advisors: AdvisorSessions): void {
  const { service } = queue;

  const pointOf = (pointId: string | undefined) => {
    if (!pointId) throw new ProtocolError('FORBIDDEN');
    return pointId;
  };

  router.handle('request:create', async ({ principal, log }, payload) => {
    const pointId = pointOf(principal.pointId);
    // The advisor signed in at the point starts the request: the visit, the offer and the
    // transaction name them. Starting one is activity, so their sign-in's idle time starts again,
    // once the request is answered (queued or denied): a refused command changes nothing, not even
    // that. (The renewal changes nothing when nobody is signed in.)
    const advisor = await advisors.current(pointId);
    if (!advisor && advisors.settings.required) throw new ProtocolError('ADVISOR_SIGN_IN_REQUIRED');
    const result = await service.createRequest(pointId, {
      ...payload,
      ...(advisor ? { advisor: { id: advisor.id, displayName: advisor.displayName } } : {}),
    });
    if (advisor) await advisors.renew(pointId);
    if (result.status === 'queued') {
      log.info(
        { ticketId: result.ticket.ticketId, agency: payload.agency, language: payload.language },
        'request queued',
      );
    } else {
      log.info({ agency: payload.agency, language: payload.language, reason: result.reason }, 'request denied');
    }
    return result;
  });

  router.handle('request:cancel', async ({ principal }, { ticketId }) =>
    service.cancel(pointOf(principal.pointId), ticketId),
  );

  router.handle('request:step-away', async ({ principal, log }, { ticketId, minutes }) => {
    const view = await service.stepAway(pointOf(principal.pointId), ticketId, minutes);
    log.info({ ticketId, minutes }, 'customer stepped away');
    return view;
  });

  router.handle('request:step-back', async ({ principal, log }, { ticketId }) => {
    const view = await service.stepBack(pointOf(principal.pointId), ticketId);
    log.info({ ticketId }, 'stepped-away customer back');
    return view;
  });

  router.handle('request:resume', async ({ principal }, { ticketId, resumeToken }) =>
    service.resume(pointOf(principal.pointId), ticketId, resumeToken),
  );

  router.handle('request:list', async ({ principal }) => service.activeTickets(pointOf(principal.pointId)));

  router.handle('offer:accept', async ({ principal, log }, { offerId }) => {
    const answer = await service.accept(principal.id, offerId);
    if ('sessionId' in answer) log.info({ sessionId: answer.sessionId, offerId }, 'offer accepted');
    else log.info({ offerId }, 'offer accepted; the other side not yet');
    return answer;
  });

  router.handle('offer:decline', async ({ principal }, { offerId }) => service.decline(principal.id, offerId));

  router.handle('session:end', async ({ principal }, { sessionId }) => {
    const { pointId: _point, expertId: _expert, ...ended } = await service.endSession(principal.id, sessionId);
    return ended;
  });

  // The point leaves the call: both sides are told (session:ended), the specialist goes to wrap-up.
  router.handle('session:leave', async ({ principal, log }, { sessionId }) => {
    const {
      pointId: _point,
      expertId: _expert,
      ...ended
    } = await service.leaveSession(pointOf(principal.pointId), sessionId);
    log.info({ sessionId }, 'point left the session');
    return ended;
  });

  router.handle('request:requeue', async ({ principal, log }, { sessionId }) => {
    const result = await service.requeue(pointOf(principal.pointId), sessionId);
    if (result.status === 'queued') log.info({ sessionId, ticketId: result.ticket.ticketId }, 'requeued at the head');
    return result;
  });

  router.handle('session:transfer', async ({ principal, log }, { sessionId, agency, language, note }) => {
    const {
      pointId: _point,
      expertId: _expert,
      ...ended
    } = await service.transfer(principal.id, sessionId, {
      agency,
      language,
      ...(note ? { note } : {}),
    });
    log.info({ sessionId, agency, language, ticketId: ended.transferTicketId }, 'visit transferred');
    return ended;
  });

  router.handle('session:wrap-up', async ({ principal }, { sessionId, outcome, note, awayReason }) =>
    service.wrapUp(principal.id, sessionId, outcome, {
      ...(note ? { note } : {}),
      ...(awayReason ? { awayReason } : {}),
    }),
  );

  // Every queue now; the subscription is the membership of the watchers' room, pushed to on change.
  router.handle('queues:watch', async ({ socket }) => {
    await queue.glance.watch();
    const snapshot = await queue.glance.snapshot();
    await socket.join(queuesRoom);
    return snapshot;
  });
}
