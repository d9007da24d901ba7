/**
 * Test stand-ins for code that talks to signaling (`@etapiste/call-client/testing`; never imported
 * by app code). `FakeSignalingClient` answers requests from a table and lets a test push server
 * events. It implements every public member of `SignalingClient` with the protocol's own event and
 * payload types, so it cannot drift from the real client: a changed signature or a new member does
 * not compile until the fake follows.
 */
import type {
  ClientEventName,
  ClientPayload,
  ClientResult,
  ServerEventName,
  ServerPayload,
  ServerToClientEvents,
} from '@etapiste/protocol';
import type { ConnectionState, SignalingClient } from '../signaling-client.js';

/** How the fake answers each request: a result, or a promise of one (reject it for a refusal). */
export type FakeAnswers = {
  [E in ClientEventName]?: (payload: ClientPayload<E>) => ClientResult<E> | Promise<ClientResult<E>>;
};

/** A request as the fake received it. */
export type SentRequest = { [E in ClientEventName]: { event: E; payload: ClientPayload<E> } }[ClientEventName];

export class FakeSignalingClient implements Pick<SignalingClient, keyof SignalingClient> {
  readonly requests: SentRequest[] = [];
  hello: SignalingClient['hello'] = undefined;
  readonly #answers: FakeAnswers;
  readonly #listeners = new Map<ServerEventName, Set<(payload: never) => void>>();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  #state: ConnectionState;

  constructor(answers: FakeAnswers = {}, state: ConnectionState = 'connected') {
    this.#answers = answers;
    this.#state = state;
  }

  /**
   * The fake where a `SignalingClient` is asked for. The real class has private fields, which
   * TypeScript compares by declaration, so nothing else is assignable to it; `implements` above
   * checks every member code can reach.
   */
  get client(): SignalingClient {
    return this as unknown as SignalingClient;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  on<E extends ServerEventName>(event: E, listener: ServerToClientEvents[E]): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }

  connect(): void {
    this.setState('connected');
  }

  close(): void {
    this.setState('closed');
  }

  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>> {
    this.requests.push({ event, payload } as SentRequest);
    // Indexing the table by a generic name widens to every answer; this one is E's.
    const answer = this.#answers[event] as FakeAnswers[E];
    return answer ? Promise.resolve(answer(payload)) : Promise.reject(new Error(`no answer for ${event}`));
  }

  /** A server event, delivered to the listeners at once. */
  push<E extends ServerEventName>(event: E, payload: ServerPayload<E>): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as ServerToClientEvents[E])(payload);
  }

  /** The connection moves to another state (a drop, a reconnect). */
  setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }

  /** How many requests of one event the fake has had. */
  count(event: ClientEventName): number {
    return this.requests.filter((r) => r.event === event).length;
  }
}
