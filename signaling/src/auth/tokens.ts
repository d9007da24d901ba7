/**
 * Signed tokens (JWT, HS256) with explicit grants. Access tokens are short-lived and carry the
 * principal's capabilities and scope; refresh tokens carry only the subject and are single-use
 * (token-families.ts). Both carry the id of their family: the sign-in they descend from, so that
 * a replayed refresh token can revoke everything that sign-in led to, and so that a socket's
 * recovered session can be matched to the device that owned it.
 */
import { randomBytes } from 'node:crypto';
import { Principal, ProtocolError } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Keys } from '../redis/keys.js';

const ISSUER = 'etapiste-signaling';
const AUDIENCE = 'etapiste';

const AccessClaims = z.object({
  typ: z.literal('access'),
  principal: Principal,
  exp: z.number(),
  iat: z.number().optional(),
  /** Issued at, in milliseconds: compared with a subject's sign-off time (second precision is too coarse). */
  iam: z.number().optional(),
  jti: z.string(),
  fam: z.string().min(1),
});
const RefreshClaims = z.object({
  typ: z.literal('refresh'),
  sub: z.string(),
  kind: z.enum(['user', 'point']),
  exp: z.number(),
  iat: z.number().optional(),
  iam: z.number().optional(),
  jti: z.string(),
  // Refresh tokens signed before families existed (point devices keep theirs 30 days) start a
  // family of their own at their next exchange.
  fam: z.string().min(1).optional(),
});

export interface VerifiedAccess {
  principal: Principal;
  expiresAt: Date;
  /** The sign-in this token descends from. */
  family: string;
}

export interface VerifiedRefresh {
  subject: string;
  kind: 'user' | 'point';
  jti: string;
  expiresAt: Date;
  family: string;
}

/** Tells whether a family has been revoked (token-families.ts); verification refuses its tokens. */
export interface RevocationCheck {
  isRevoked(family: string): Promise<boolean>;
  /**
   * When a subject was signed off everywhere (epoch ms): a point's key rotated or revoked, a person
   * deactivated. Tokens issued before it are refused.
   */
  signedOffAt?(kind: 'user' | 'point', subject: string): Promise<number | undefined>;
}

export interface TokenTtls {
  accessSeconds: number;
  refreshSeconds: number;
  pointRefreshSeconds: number;
}

export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttl: TokenTtls;
  readonly #revocations: RevocationCheck | undefined;

  /**
   * Without `revocations` (tools and tests that only sign tokens) revoked families are not
   * checked; the server always passes its TokenFamilies.
   */
  constructor(secret: string, ttl: TokenTtls, revocations?: RevocationCheck) {
    this.#key = new TextEncoder().encode(secret);
    this.#ttl = ttl;
    this.#revocations = revocations;
  }

  /** A new family id: one per sign-in. */
  newFamily(): string {
    return newTokenId();
  }

  /**
   * How long any token of a family of this kind can still be valid after its last issue: how long
   * a revocation must be remembered.
   */
  familyLifetimeSeconds(kind: 'user' | 'point'): number {
    const refresh = kind === 'point' ? this.#ttl.pointRefreshSeconds : this.#ttl.refreshSeconds;
    return Math.max(refresh, this.#ttl.accessSeconds);
  }

  /** An access token; without a family it starts one of its own (tests and tools). */
  async issueAccess(
    principal: Principal,
    now = Date.now(),
    family = newTokenId(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(now + this.#ttl.accessSeconds * 1000);
    const token = await new SignJWT({ typ: 'access', principal, fam: family, iam: now })
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

  async issueRefresh(subject: string, kind: 'user' | 'point', family: string, now = Date.now()) {
    const ttl = kind === 'point' ? this.#ttl.pointRefreshSeconds : this.#ttl.refreshSeconds;
    const expiresAt = new Date(now + ttl * 1000);
    const token = await new SignJWT({ typ: 'refresh', kind, fam: family, iam: now })
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

  /** Refuses a bad, expired or revoked token; a revoked one answers UNAUTHENTICATED (sign in again). */
  async verifyAccess(token: string): Promise<VerifiedAccess> {
    const claims = AccessClaims.safeParse(await this.#verify(token));
    if (!claims.success) throw new ProtocolError('UNAUTHENTICATED');
    await this.#assertNotRevoked(claims.data.fam);
    const { principal } = claims.data;
    await this.#assertNotSignedOff(principal.role === 'point' ? 'point' : 'user', principal.id, claims.data);
    return { principal: claims.data.principal, expiresAt: new Date(claims.data.exp * 1000), family: claims.data.fam };
  }

  async verifyRefresh(token: string): Promise<VerifiedRefresh> {
    const claims = RefreshClaims.safeParse(await this.#verify(token));
    if (!claims.success) throw new ProtocolError('UNAUTHENTICATED');
    const { sub, kind, jti, exp, fam } = claims.data;
    const family = fam ?? jti;
    await this.#assertNotRevoked(family);
    await this.#assertNotSignedOff(kind, sub, claims.data);
    return { subject: sub, kind, jti, expiresAt: new Date(exp * 1000), family };
  }

  async #assertNotSignedOff(
    kind: 'user' | 'point',
    subject: string,
    claims: { iat?: number | undefined; iam?: number | undefined },
  ): Promise<void> {
    const cutoff = await this.#revocations?.signedOffAt?.(kind, subject);
    if (cutoff === undefined) return;
    const issuedAt = claims.iam ?? (claims.iat ?? 0) * 1000;
    if (issuedAt < cutoff) throw new ProtocolError('UNAUTHENTICATED');
  }

  async #assertNotRevoked(family: string): Promise<void> {
    if (await this.#revocations?.isRevoked(family)) throw new ProtocolError('UNAUTHENTICATED');
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
