/** Socket commands of a specialist's own state: reading it, and choosing available or away. */
import type { CommandRouter } from '../realtime/command-router.js';
import type { PresencePusher } from './presence-pusher.js';
import type { PresenceService } from './presence-service.js';
import type { PresenceStore } from './presence-store.js';

export function registerPresenceHandlers(
  router: CommandRouter,
  deps: { store: PresenceStore; service: PresenceService; pusher: PresencePusher },
): void {
  router.handle('presence:get', async ({ principal }) => deps.store.get(principal.id));

  router.handle('presence:set', async ({ principal, log }, { state, reason }) => {
    const presence = await deps.service.choose(principal.id, state, reason);
    log.info({ state: presence.state, reason: presence.reason }, 'presence chosen');
    // Every connection of theirs, this one included, hears the state they chose; matched at once
    // with a waiting request, they hear it ring instead (`offer:incoming` says the state).
    if (presence.state !== 'offered') await deps.pusher.push(principal.id, presence);
    return presence;
  });
}
