import type { ClientToServerEvents, Principal, ServerToClientEvents } from '@etapiste/protocol';
import type { Server, Socket } from 'socket.io';

/** What the auth middleware leaves on every socket. */
export interface SocketData {
  principal: Principal;
  /** Epoch ms when the access token used on this connection expires; `token:renew` moves it. */
  tokenExpiresAt: number;
}

/** Messages between signaling processes (through the adapter's Redis stream). */
export interface InterServerEvents {
  /** These queues (`agency:language`) changed: push positions to your own waiting points. */
  'queue:dirty': (queues: string[]) => void;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
