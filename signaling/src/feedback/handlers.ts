/** `feedback:submit`: a point sends the customer's rating and comment for one of its sessions. */
import { ProtocolError } from '@etapiste/protocol';
import type { CommandRouter } from '../realtime/command-router.js';
import type { FeedbackService } from './feedback-service.js';

export function registerFeedbackHandlers(router: CommandRouter, feedback: FeedbackService): void {
  router.handle('feedback:submit', async ({ principal, log }, payload) => {
    if (!principal.pointId) throw new ProtocolError('FORBIDDEN');
    const receipt = await feedback.submit(principal.pointId, payload);
    // The comment is the customer's own words: never logged.
    log.info({ sessionId: payload.sessionId, rated: payload.rating !== undefined }, 'feedback received');
    return receipt;
  });
}
