/**
 * Socket.IO middleware: a connection must present a valid access token in its handshake
 * (`auth: { token }`). Refused connections get `connect_error` with the coded error in `data`.
 */
import { ProtocolError } from '@etapiste/protocol';
import type { TokenService } from '../auth/tokens.js';
import type { AppSocket } from './types.js';

type Next = (error?: Error) => void;

export function socketAuth(tokens: TokenService) {
  return async (socket: AppSocket, next: Next): Promise<void> => {
    const token: unknown = socket.handshake.auth?.token;
    try {
      if (typeof token !== 'string' || token.length === 0) throw new ProtocolError('UNAUTHENTICATED');
      const verified = await tokens.verifyAccess(token);
      socket.data.principal = verified.principal;
      socket.data.tokenExpiresAt = verified.expiresAt.getTime();
      next();
    } catch (error) {
      const wire = error instanceof ProtocolError ? error : new ProtocolError('UNAUTHENTICATED');
      next(Object.assign(new Error(wire.message), { data: wire.toWire() }));
    }
  };
}
