/** The HTTP sign-in API (`/api/auth/*`), typed by the protocol package. */
import type { PasswordLogin, PointKeyLogin, TokenPair } from '@etapiste/protocol';
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

  async #post(path: string, body: unknown): Promise<TokenPair> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw CallClientError.from(error);
    }
    const json = (await response.json().catch(() => undefined)) as
      | { error?: { code?: unknown; retryAfterSeconds?: number } }
      | TokenPair
      | undefined;
    if (!response.ok) {
      const wire = json && 'error' in json ? json.error : undefined;
      const error = CallClientError.from(wire ?? {});
      throw wire?.retryAfterSeconds !== undefined
        ? new CallClientError(error.code, undefined, wire.retryAfterSeconds)
        : error;
    }
    return json as TokenPair;
  }
}
