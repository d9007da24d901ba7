/**
 * Keeps a signed-in session alive: stores the token pair (so a reload stays signed in), refreshes
 * the access token a minute before it expires, and tells listeners when a new one is in use.
 */
import type { TokenPair } from '@etapiste/protocol';
import type { AuthApi } from './auth-api.js';
import { CallClientError } from './errors.js';

export interface TokenStorage {
  load(): TokenPair | undefined;
  save(pair: TokenPair | undefined): void;
}

export function browserStorage(key: string, storage: Storage = globalThis.localStorage): TokenStorage {
  return {
    load() {
      const raw = storage.getItem(key);
      if (!raw) return undefined;
      try {
        return JSON.parse(raw) as TokenPair;
      } catch {
        return undefined;
      }
    },
    save(pair) {
      if (pair) storage.setItem(key, JSON.stringify(pair));
      else storage.removeItem(key);
    },
  };
}

const REFRESH_MARGIN_MS = 60_000;

export class SessionTokens {
  #pair: TokenPair | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #listeners = new Set<(pair: TokenPair | undefined) => void>();

  constructor(
    private readonly api: AuthApi,
    private readonly storage: TokenStorage,
  ) {
    const stored = storage.load();
    if (stored && Date.parse(stored.refreshTokenExpiresAt) > Date.now()) this.#pair = stored;
  }

  get current(): TokenPair | undefined {
    return this.#pair;
  }

  onChange(listener: (pair: TokenPair | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(pair: TokenPair | undefined): void {
    this.#pair = pair;
    this.storage.save(pair);
    this.#schedule();
    for (const listener of this.#listeners) listener(pair);
  }

  /** A fresh access token now, refreshing first when the stored one is (nearly) expired. */
  async accessToken(): Promise<string> {
    const pair = this.#pair;
    if (!pair) throw new CallClientError('UNAUTHENTICATED');
    if (Date.parse(pair.accessTokenExpiresAt) - Date.now() > REFRESH_MARGIN_MS) return pair.accessToken;
    return (await this.refresh()).accessToken;
  }

  async refresh(): Promise<TokenPair> {
    const pair = this.#pair;
    if (!pair) throw new CallClientError('UNAUTHENTICATED');
    try {
      const next = await this.api.refresh(pair.refreshToken);
      this.set(next);
      return next;
    } catch (error) {
      const failure = CallClientError.from(error);
      // A refused refresh ends the session; a network failure keeps it for the next attempt.
      if (failure.code !== 'NETWORK') this.set(undefined);
      throw failure;
    }
  }

  /** Starts the background refresh for the stored pair (call once the app is up). */
  start(): void {
    this.#schedule();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    this.stop();
    const pair = this.#pair;
    if (!pair) return;
    const due = Math.max(0, Date.parse(pair.accessTokenExpiresAt) - Date.now() - REFRESH_MARGIN_MS);
    this.#timer = setTimeout(() => {
      this.refresh().catch(() => {
        // Retry on the reconnect pace; a refused refresh already cleared the pair.
        if (this.#pair) this.#timer = setTimeout(() => this.#schedule(), 5000);
      });
    }, due);
  }
}
