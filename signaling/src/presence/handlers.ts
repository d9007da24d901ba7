import type { CommandRouter } from '../realtime/command-router.js';
import type { PresenceStore } from './presence-store.js';

/** Reading one's own state; choosing it (`presence:set`) goes through the queue (queue/handlers.ts). */
export function registerPresenceHandlers(router: CommandRouter, presence: PresenceStore): void {
  router.handle('presence:get', async ({ principal }) => presence.get(principal.id));
}
