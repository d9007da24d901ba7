import type { ClientToServerEvents, Principal, ServerToClientEvents } from '@etapiste/protocol';
import type { Server, Socket } from 'socket.io';

/** What the auth middleware leaves on every socket. */
export interface SocketData {
  principal: Principal;
  /** Epoch ms when the access token used on this connection expires; `token:renew` moves it. */
  tokenExpiresAt: number;
}

// biome-ignore lint/complexity/noBannedTypes: Socket.IO's slot for server-to-server events, unused.
type NoInterServerEvents = {};

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;

/** Socket.IO room that reaches every connection of one principal (several tabs or devices). */
export function principalRoom(principal: Pick<Principal, 'role' | 'id'>): string {
  return `${principal.role}:${principal.id}`;
}
