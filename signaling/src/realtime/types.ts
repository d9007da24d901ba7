import type { ClientToServerEvents, Principal, ServerToClientEvents } from '@etapiste/protocol';
import type { Server, Socket } from 'socket.io';

/** What the auth middleware leaves on every socket. */
export interface SocketData {
  principal: Principal;
  /** Epoch ms when the access token used on this connection expires; `token:renew` moves it. */
  tokenExpiresAt: number;
  /**
   * The sign-in (token family) the connection's token descends from: a replay revokes it and signs
   * its sockets out, and a recovered session must have the same one.
   */
  family: string;
}

/** Messages between signaling processes (through the adapter's Redis stream). */
export interface InterServerEvents {
  /** These queues (`agency:language`) changed: push positions to your own waiting points. */
  'queue:dirty': (queues: string[]) => void;
  /** Waiting requests whose view changed while they wait (position-pusher.ts): read their facts again. */
  'queue:refresh': (ticketIds: string[]) => void;
  /** This token family was revoked: sign its connections in this principal room out (family-sign-out.ts). */
  'auth:family-revoked': (principalRoom: string, family: string) => void;
  /** This principal room has a socket on the sender too: push to it through the adapter (principal-emitter.ts). */
  'principal:shared': (principalRoom: string) => void;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
