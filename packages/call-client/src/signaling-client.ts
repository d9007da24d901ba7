/**
 * The apps' connection to signaling: typed requests (Promise of the result or a CallClientError),
 * typed server events, and reconnection driven by our own schedule (backoff.ts) rather than
 * Socket.IO's, so every app reconnects the same, testable way. Each (re)connect presents a fresh
 * access token and says hello; a token refreshed while connected is handed over with `token:renew`.
 */
import {
  type Ack,
  type ClientEventName,
  type ClientPayload,
  type ClientResult,
  type ClientToServerEvents,
  PROTOCOL_VERSION,
  type ServerEventName,
  type ServerToClientEvents,
  type WireError,
} from '@etapiste/protocol';
import { io, type Socket } from 'socket.io-client';
import { reconnectDelay } from './backoff.js';
import { CallClientError } from './errors.js';
import type { SessionTokens } from './session-tokens.js';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'signed-out' | 'closed';

export interface SignalingClientOptions {
  /** Origin of the signaling service; empty for same origin (the apps' reverse proxy). */
  url?: string;
  tokens: SessionTokens;
  app: 'point-client' | 'agent-console' | 'test';
  appVersion: string;
  requestTimeoutMs?: number;
  /** Socket.IO transports; tests may force websocket only. */
  transports?: ('polling' | 'websocket')[];
}

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class SignalingClient {
  readonly #socket: AppSocket;
  readonly #options: SignalingClientOptions;
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  #state: ConnectionState = 'idle';
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribeTokens: (() => void) | undefined;
  hello: ClientResult<'hello'> | undefined;

  constructor(options: SignalingClientOptions) {
    this.#options = options;
    this.#socket = io(options.url ?? '', {
      autoConnect: false,
      reconnection: false,
      transports: options.transports ?? ['websocket', 'polling'],
      auth: (cb) => {
        options.tokens.accessToken().then(
          (token) => cb({ token }),
          () => cb({ token: '' }),
        );
      },
    });
    this.#socket.on('connect', () => void this.#onConnect());
    this.#socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.#scheduleReconnect();
    });
    this.#socket.on('connect_error', (error) => void this.#onConnectError(error));
  }

  get state(): ConnectionState {
    return this.#state;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  on<E extends ServerEventName>(event: E, listener: ServerToClientEvents[E]): () => void {
    // biome-ignore lint/suspicious/noExplicitAny: Socket.IO's typed overloads cannot take a generic event name.
    this.#socket.on(event, listener as any);
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    return () => this.#socket.off(event, listener as any);
  }

  connect(): void {
    if (this.#state === 'connected' || this.#state === 'connecting') return;
    this.#setState('connecting');
    this.#unsubscribeTokens ??= this.#options.tokens.onChange((pair) => {
      if (!pair) return this.#signedOut();
      if (this.#socket.connected) {
        this.request('token:renew', { accessToken: pair.accessToken }).catch(() => this.#socket.disconnect().connect());
      }
    });
    this.#socket.connect();
  }

  close(): void {
    clearTimeout(this.#retryTimer);
    this.#unsubscribeTokens?.();
    this.#unsubscribeTokens = undefined;
    this.#socket.disconnect();
    this.#setState('closed');
  }

  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>> {
    const timeout = this.#options.requestTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      // One untyped call here keeps the generic signature above; payload types are checked by it.
      const socket = this.#socket.timeout(timeout) as unknown as {
        emit(event: string, payload: unknown, ack: (error: Error | null, response: Ack<ClientResult<E>>) => void): void;
      };
      socket.emit(event, payload, (error, response) => {
        if (error) return reject(new CallClientError('TIMEOUT'));
        if (response.ok) resolve(response.data);
        else reject(CallClientError.fromWire(response.error));
      });
    });
  }

  async #onConnect(): Promise<void> {
    try {
      this.hello = await this.request('hello', {
        protocolVersion: PROTOCOL_VERSION,
        app: this.#options.app,
        appVersion: this.#options.appVersion,
      });
      this.#attempt = 0;
      this.#setState('connected');
    } catch (error) {
      const failure = CallClientError.from(error);
      if (failure.code === 'UNSUPPORTED_PROTOCOL_VERSION') {
        this.close();
        return;
      }
      this.#socket.disconnect();
      this.#scheduleReconnect();
    }
  }

  async #onConnectError(error: Error & { data?: WireError }): Promise<void> {
    const code = error.data?.code;
    if (code === 'TOKEN_EXPIRED' || code === 'UNAUTHENTICATED') {
      // One refresh decides: a new pair means try again; a refused refresh has already cleared
      // the session (the tokens' onChange listener moves us to signed-out).
      const refreshed = await this.#options.tokens.refresh().then(
        () => true,
        (failure: unknown) => CallClientError.from(failure).code === 'NETWORK',
      );
      if (!refreshed) return this.#signedOut();
    }
    if (this.#options.tokens.current) this.#scheduleReconnect();
    else this.#signedOut();
  }

  #scheduleReconnect(): void {
    if (this.#state === 'closed' || this.#state === 'signed-out') return;
    this.#setState('reconnecting');
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#socket.connect(), reconnectDelay(this.#attempt++));
  }

  #signedOut(): void {
    clearTimeout(this.#retryTimer);
    this.#socket.disconnect();
    this.#setState('signed-out');
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }
}
