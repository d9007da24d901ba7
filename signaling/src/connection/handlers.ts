/** Connection-level commands every principal has: hello, token renewal and the directory. */
import { PROTOCOL_VERSION, ProtocolError } from '@etapiste/protocol';
import type { TokenService } from '../auth/tokens.js';
import type { Directory } from '../directory/directory.js';
import type { CommandRouter } from '../realtime/command-router.js';

export function registerConnectionHandlers(
  router: CommandRouter,
  deps: { tokens: TokenService; directory: Directory; serverVersion: string },
): void {
  router.handle('hello', async ({ socket, principal }, payload) => {
    if (payload.protocolVersion !== PROTOCOL_VERSION) throw new ProtocolError('UNSUPPORTED_PROTOCOL_VERSION');
    return {
      serverVersion: deps.serverVersion,
      protocolVersion: PROTOCOL_VERSION,
      principal,
      serverTime: new Date().toISOString(),
      tokenExpiresAt: new Date(socket.data.tokenExpiresAt).toISOString(),
    };
  });

  // A long-lived connection outlives its access token; the client swaps in a fresh one here
  // instead of reconnecting. The new token must speak for the same principal.
  router.handle('token:renew', async ({ socket, principal }, payload) => {
    const verified = await deps.tokens.verifyAccess(payload.accessToken);
    if (verified.principal.id !== principal.id || verified.principal.role !== principal.role) {
      throw new ProtocolError('FORBIDDEN');
    }
    socket.data.principal = verified.principal;
    socket.data.tokenExpiresAt = verified.expiresAt.getTime();
    // A new sign-in handed over in the same app: its family is the one to revoke from now on.
    socket.data.family = verified.family;
    return { tokenExpiresAt: verified.expiresAt.toISOString() };
  });

  router.handle('directory:get', async ({ principal }) => deps.directory.viewFor(principal));
}
