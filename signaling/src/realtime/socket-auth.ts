/**
 * Socket.IO middleware: a connection must present a valid access token in its handshake
 * (`auth: { token }`) whose family has not been revoked. Refused connections get `connect_error`
 * with the coded error in `data`. It runs on recovered connections too (`skipMiddlewares: false`)
 * and settles them (recovery-guard.ts): a session comes back only to the principal and sign-in it
 * belonged to.
 */
import { ProtocolError } from '@etapiste/protocol';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { TokenService } from '../auth/tokens.js';
import type { RecoveryGuard } from './recovery-guard.js';
import type { AppSocket, SocketData } from './types.js';

type Next = (error?: Error) => void;

export function socketAuth(tokens: TokenService, recovery: RecoveryGuard, log: Logger) {
  return async (socket: AppSocket, next: Next): Promise<void> => {
    const token: unknown = socket.handshake.auth?.token;
    try {
      if (typeof token !== 'string' || token.length === 0) throw new ProtocolError('UNAUTHENTICATED');
      const verified = await tokens.verifyAccess(token);
      // A restored session's data, before it is settled; a fresh socket's is empty.
      const previousOwner = (socket.data as Partial<SocketData>).principal;
      if (recovery.settle(socket, verified) === 'refused') {
        log.warn(
          {
            event: 'recovery-refused',
            socketId: socket.id,
            principalId: verified.principal.id,
            role: verified.principal.role,
            sessionPrincipalId: previousOwner?.id,
            sessionRole: previousOwner?.role,
          },
          "refused to recover another principal's or sign-in's session; starting fresh",
        );
      }
      socket.data.principal = verified.principal;
      socket.data.tokenExpiresAt = verified.expiresAt.getTime();
      socket.data.family = verified.family;
      next();
    } catch (error) {
      const wire = error instanceof ProtocolError ? error : new ProtocolError('UNAUTHENTICATED');
      next(Object.assign(new Error(wire.message), { data: wire.toWire() }));
    }
  };
}
