import { ProtocolError } from '@etapiste/protocol';
import type { CommandRouter } from '../realtime/command-router.js';
import { principalRoom } from '../realtime/types.js';
import type { PresenceStore } from './presence-store.js';

export function registerPresenceHandlers(router: CommandRouter, presence: PresenceStore): void {
  router.handle('presence:get', async ({ principal }) => presence.get(principal.id));

  router.handle('presence:set', async ({ socket, principal, log }, { state, reason }) => {
    const result = await presence.choose(principal.id, state, reason);
    if (result.blocked) throw new ProtocolError('CONFLICT', { message: `busy: ${result.presence.state}` });
    if (result.changed) {
      log.info({ expertId: principal.id, state, reason }, 'presence changed');
      // Every tab of this specialist follows, including the one that asked.
      socket.nsp.to(principalRoom(principal)).emit('presence:changed', result.presence);
    }
    return result.presence;
  });
}
