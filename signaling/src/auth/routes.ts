/**
 * `/api/auth/*`: sign-in for people (username + password) and point devices (point key), and the
 * refresh exchange. Failures all answer INVALID_CREDENTIALS, whatever was wrong.
 */
import {
  PasswordLogin,
  PointKeyLogin,
  type Principal,
  ProtocolError,
  RefreshRequest,
  TokenPair,
} from '@etapiste/protocol';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { SignalingMetrics } from '../http/metrics.js';
import type { Keys } from '../redis/keys.js';
import type { LoginLimiter } from './login-limiter.js';
import { principalForPoint, principalForUser } from './principals.js';
import { verifySecret } from './secrets.js';
import { claimRefreshToken, type TokenService } from './tokens.js';

export interface AuthRouteDeps {
  directory: Directory;
  tokens: TokenService;
  limiter: LoginLimiter;
  redis: Redis;
  keys: Keys;
  metrics: SignalingMetrics;
}

export async function authRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { directory, tokens, limiter, metrics } = deps;

  async function pair(principal: Principal, kind: 'user' | 'point'): Promise<TokenPair> {
    const access = await tokens.issueAccess(principal);
    const refresh = await tokens.issueRefresh(principal.id, kind);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
      principal,
    };
  }

  api.post('/api/auth/login', { schema: { body: PasswordLogin, response: { 200: TokenPair } } }, async (request) => {
    const { username, password } = request.body;
    await limiter.assertAllowed(username, request.ip);
    const user = directory.userByUsername(username);
    if (!(await verifySecret(user?.passwordHash, password)) || !user) {
      await limiter.recordFailure(username, request.ip);
      metrics.logins.inc({ kind: 'user', outcome: 'failed' });
      request.log.info({ event: 'login-failed' }, 'sign-in refused');
      throw new ProtocolError('INVALID_CREDENTIALS');
    }
    await limiter.recordSuccess(username, request.ip);
    metrics.logins.inc({ kind: 'user', outcome: 'ok' });
    request.log.info({ event: 'login', userId: user.id, role: user.role }, 'signed in');
    return pair(principalForUser(user), 'user');
  });

  api.post('/api/auth/point', { schema: { body: PointKeyLogin, response: { 200: TokenPair } } }, async (request) => {
    const { pointId, pointKey } = request.body;
    const account = `point:${pointId}`;
    await limiter.assertAllowed(account, request.ip);
    const point = directory.point(pointId);
    if (!(await verifySecret(point?.keyHash, pointKey)) || !point) {
      await limiter.recordFailure(account, request.ip);
      metrics.logins.inc({ kind: 'point', outcome: 'failed' });
      throw new ProtocolError('INVALID_CREDENTIALS');
    }
    await limiter.recordSuccess(account, request.ip);
    metrics.logins.inc({ kind: 'point', outcome: 'ok' });
    request.log.info({ event: 'point-login', pointId }, 'point device signed in');
    return pair(principalForPoint(point), 'point');
  });

  api.post('/api/auth/refresh', { schema: { body: RefreshRequest, response: { 200: TokenPair } } }, async (request) => {
    const refresh = await tokens.verifyRefresh(request.body.refreshToken);
    // Re-read the directory: a user removed or re-skilled since sign-in gets the current grants.
    const principal =
      refresh.kind === 'point'
        ? mapOrThrow(directory.point(refresh.subject), principalForPoint)
        : mapOrThrow(directory.user(refresh.subject), principalForUser);
    if (!(await claimRefreshToken(deps.redis, deps.keys, refresh))) {
      request.log.warn({ event: 'refresh-replay', subject: refresh.subject }, 'refresh token reused');
      throw new ProtocolError('UNAUTHENTICATED');
    }
    return pair(principal, refresh.kind);
  });
}

function mapOrThrow<T>(entry: T | undefined, toPrincipal: (entry: T) => Principal): Principal {
  if (!entry) throw new ProtocolError('UNAUTHENTICATED');
  return toPrincipal(entry);
}
