/** The HTTP sign-in API (`/api/auth/*`), typed by the protocol package. */
import type { AdvisorPasswordSignIn, AdvisorState, PasswordLogin, PointKeyLogin, TokenPair } from '@etapiste/protocol';
import { CallClientError } from './errors.js';

export class AuthApi {
  constructor(private readonly baseUrl: string = '') {}

  login(body: PasswordLogin): Promise<TokenPair> {
    return this.#post('/api/auth/login', body);
  }

  loginPoint(body: PointKeyLogin): Promise<TokenPair> {
    return this.#post('/api/auth/point', body);
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.#post('/api/auth/refresh', { refreshToken });
  }

  /** An advisor signs in personally at the point whose device holds `pointAccessToken`. */
  signInAdvisor(body: AdvisorPasswordSignIn, pointAccessToken: string): Promise<AdvisorState> {
    return this.#post('/api/point/advisor', body, { authorization: `Bearer ${pointAccessToken}` });
  }

  async #post<T = TokenPair>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw CallClientError.from(error);
    }
    const json = (await response.json().catch(() => undefined)) as
      | { error?: { code?: unknown; retryAfterSeconds?: number } }
      | T
      | undefined;
    if (!response.ok) {
      const wire = json && typeof json === 'object' && 'error' in json ? json.error : undefined;
      const error = CallClientError.from(wire ?? {});
      throw wire?.retryAfterSeconds !== undefined
        ? new CallClientError(error.code, undefined, wire.retryAfterSeconds)
        : error;
    }
    return json as T;
  }
}
