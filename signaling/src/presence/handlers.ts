/** Socket commands of a specialist's own state: reading it, and choosing available or away. */
import type { CommandRouter } from '../realtime/command-router.js';
import type { PresenceService } from './presence-service.js';
import type { PresenceStore } from './presence-store.js';

export function registerPresenceHandlers(
  router: CommandRouter,
  deps: { store: PresenceStore; service: PresenceService },
): void {
  router.handle('presence:get', async ({ principal }) => deps.store.get(principal.id));

  router.handle('presence:set', async ({ principal, log }, { state, reason }) => {
    const presence = await deps.service.choose(principal.id, state, reason);
    log.info({ state: presence.state, reason: presence.reason }, 'presence chosen');
    // Their other connections hear the state they chose from the queue's report (queue-runtime.ts),
    // this one from the answer; matched at once with a waiting request, every connection hears it
    // ring (`offer:incoming` says the state). A choice that changed nothing is told to nobody.
    return presence;
  });
}
