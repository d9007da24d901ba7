/**
 * Signed tokens (JWT, HS256) with explicit grants. Access tokens are short-lived and carry the
 * principal's capabilities and scope; refresh tokens carry only the subject and are single-use:
 * each exchange records the token id in Redis, and a second exchange of the same one is refused.
 */
import { randomBytes } from 'node:crypto';
import { Principal, ProtocolError } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Keys } from '../redis/keys.js';

const ISSUER = 'etapiste-signaling';
const AUDIENCE = 'etapiste';

const AccessClaims = z.object({ typ: z.literal('access'), principal: Principal, exp: z.number(), jti: z.string() });
const RefreshClaims = z.object({
  typ: z.literal('refresh'),
  sub: z.string(),
  kind: z.enum(['user', 'point']),
  exp: z.number(),
  jti: z.string(),
});

export interface VerifiedAccess {
  principal: Principal;
  expiresAt: Date;
}

export interface VerifiedRefresh {
  subject: string;
  kind: 'user' | 'point';
  jti: string;
  expiresAt: Date;
}

export interface TokenTtls {
  accessSeconds: number;
  refreshSeconds: number;
  pointRefreshSeconds: number;
}

export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttl: TokenTtls;

  constructor(secret: string, ttl: TokenTtls) {
    this.#key = new TextEncoder().encode(secret);
    this.#ttl = ttl;
  }

  async issueAccess(principal: Principal, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(now + this.#ttl.accessSeconds * 1000);
    const token = await new SignJWT({ typ: 'access', principal })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(principal.id)
      .setJti(newTokenId())
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.#key);
    return { token, expiresAt };
  }

  async issueRefresh(subject: string, kind: 'user' | 'point', now = Date.now()) {
    const ttl = kind === 'point' ? this.#ttl.pointRefreshSeconds : this.#ttl.refreshSeconds;
    const expiresAt = new Date(now + ttl * 1000);
    const token = await new SignJWT({ typ: 'refresh', kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setJti(newTokenId())
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.#key);
    return { token, expiresAt };
  }

  async verifyAccess(token: string): Promise<VerifiedAccess> {
    const claims = AccessClaims.safeParse(await this.#verify(token));
    if (!claims.success) throw new ProtocolError('UNAUTHENTICATED');
    return { principal: claims.data.principal, expiresAt: new Date(claims.data.exp * 1000) };
  }

  async verifyRefresh(token: string): Promise<VerifiedRefresh> {
    const claims = RefreshClaims.safeParse(await this.#verify(token));
    if (!claims.success) throw new ProtocolError('UNAUTHENTICATED');
    const { sub, kind, jti, exp } = claims.data;
    return { subject: sub, kind, jti, expiresAt: new Date(exp * 1000) };
  }

  async #verify(token: string): Promise<unknown> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new ProtocolError('TOKEN_EXPIRED');
      throw new ProtocolError('UNAUTHENTICATED');
    }
  }
}

/** Marks a refresh token as used; false when it had been used before (a replay). */
export async function claimRefreshToken(redis: Redis, keys: Keys, refresh: VerifiedRefresh): Promise<boolean> {
  const ttl = Math.max(1, Math.ceil((refresh.expiresAt.getTime() - Date.now()) / 1000));
  const set = await redis.set(keys.refreshUsed(refresh.jti), '1', 'EX', ttl, 'NX');
  return set === 'OK';
}

/**
 * The token secret: the configured one, or in development a random one shared through Redis
 * (SET NX), so every local process signs and verifies with the same key without configuration.
 */
export async function resolveTokenSecret(configured: string | undefined, redis: Redis, keys: Keys): Promise<string> {
  if (configured) return configured;
  await redis.set(keys.tokenSecret(), randomBytes(48).toString('base64url'), 'NX');
  const secret = await redis.get(keys.tokenSecret());
  if (!secret) throw new Error('could not establish a development token secret in Redis');
  return secret;
}

function newTokenId(): string {
  return randomBytes(16).toString('base64url');
}
