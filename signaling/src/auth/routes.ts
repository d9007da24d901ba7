/**
 * `/api/auth/*`: sign-in for people (username + password) and point devices (point key), and the
 * refresh exchange. Failures all answer INVALID_CREDENTIALS, whatever was wrong. Each sign-in
 * starts a token family; a refresh rotates within it, and a replayed refresh token revokes it and
 * signs its connections out (token-families.ts).
 */
import {
  PasswordLogin,
  PointKeyLogin,
  type Principal,
  ProtocolError,
  RefreshRequest,
  TokenPair,
} from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuditFacts, AuditTrail } from '../audit/audit-trail.js';
import type { Directory } from '../directory/directory.js';
import type { Prometheus } from '../http/prometheus.js';
import type { LoginLimiter } from './login-limiter.js';
import { hasConsoleRole, principalForPoint, principalForUser } from './principals.js';
import { verifySecret } from './secrets.js';
import type { TokenFamilies } from './token-families.js';
import type { TokenService } from './tokens.js';

export interface AuthRouteDeps {
  directory: Directory;
  tokens: TokenService;
  families: TokenFamilies;
  limiter: LoginLimiter;
  prometheus: Prometheus;
  /** Every sign-in, refused or not, and every replayed refresh is recorded. */
  audit: AuditTrail;
  /** Closes the connections a revoked family has open (realtime/family-sign-out.ts); resolves with how many. */
  signOut: (principal: Principal, family: string) => Promise<number>;
}

export async function authRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { directory, tokens, families, limiter, prometheus } = deps;

  async function pair(principal: Principal, kind: 'user' | 'point', family: string): Promise<TokenPair> {
    const access = await tokens.issueAccess(principal, Date.now(), family);
    const refresh = await tokens.issueRefresh(principal.id, kind, family);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
      principal,
    };
  }

  /** A sign-in goes on even when its audit record could not be handed over; the miss is logged. */
  function audit(
    request: FastifyRequest,
    action: Parameters<AuditTrail['record']>[0],
    actor: Parameters<AuditTrail['record']>[1],
    facts: AuditFacts = {},
  ): void {
    deps.audit
      .record(action, actor, { address: request.ip, ...facts })
      .catch((error: unknown) => request.log.error({ err: error, action }, 'audit event not recorded'));
  }

  async function throttle(kind: 'user' | 'point', account: string, address: string): Promise<void> {
    try {
      await limiter.assertAllowed(account, address);
    } catch (error) {
      prometheus.logins.inc({ kind, outcome: 'throttled' });
      throw error;
    }
  }

  api.post('/api/auth/login', { schema: { body: PasswordLogin, response: { 200: TokenPair } } }, async (request) => {
    const { username, password } = request.body;
    await throttle('user', username, request.ip);
    const user = directory.userByUsername(username);
    if (!(await verifySecret(user?.passwordHash, password)) || !user) {
      await limiter.recordFailure(username, request.ip);
      prometheus.logins.inc({ kind: 'user', outcome: 'failed' });
      request.log.info({ event: 'login-failed' }, 'sign-in refused');
      audit(request, 'auth.login-failed', { id: username.slice(0, 120) });
      throw new ProtocolError('INVALID_CREDENTIALS');
    }
    await limiter.recordSuccess(username, request.ip);
    if (!hasConsoleRole(user)) {
      // The password was right, but an advisor works at a point: say so rather than "wrong password".
      audit(request, 'auth.login-failed', { id: user.id, role: 'advisor' }, { details: { reason: 'point-account' } });
      throw new ProtocolError('POINT_ACCOUNT_ONLY');
    }
    prometheus.logins.inc({ kind: 'user', outcome: 'ok' });
    request.log.info({ event: 'login', userId: user.id, roles: user.roles }, 'signed in');
    const principal = principalForUser(user);
    audit(request, 'auth.login', { id: user.id, role: principal.role });
    return pair(principal, 'user', tokens.newFamily());
  });

  api.post('/api/auth/point', { schema: { body: PointKeyLogin, response: { 200: TokenPair } } }, async (request) => {
    const { pointId, pointKey } = request.body;
    const account = `point:${pointId}`;
    await throttle('point', account, request.ip);
    const point = directory.point(pointId);
    if (!(await verifySecret(point?.keyHash, pointKey)) || !point) {
      await limiter.recordFailure(account, request.ip);
      prometheus.logins.inc({ kind: 'point', outcome: 'failed' });
      audit(request, 'auth.point-login-failed', { id: account.slice(0, 120) });
      throw new ProtocolError('INVALID_CREDENTIALS');
    }
    await limiter.recordSuccess(account, request.ip);
    prometheus.logins.inc({ kind: 'point', outcome: 'ok' });
    request.log.info({ event: 'point-login', pointId }, 'point device signed in');
    audit(request, 'auth.point-login', { id: pointId, role: 'point' });
    return pair(principalForPoint(point), 'point', tokens.newFamily());
  });

  api.post('/api/auth/refresh', { schema: { body: RefreshRequest, response: { 200: TokenPair } } }, async (request) => {
    const refresh = await tokens.verifyRefresh(request.body.refreshToken);
    // Re-read the directory: a user removed or re-skilled since sign-in gets the current grants.
    const principal =
      refresh.kind === 'point'
        ? mapOrThrow(directory.point(refresh.subject), principalForPoint)
        : mapOrThrow(directory.user(refresh.subject), principalForUser);
    if (!(await families.claim(refresh))) {
      // Two holders of one refresh token, and no telling which is rightful: end the sign-in for both.
      await families.revoke(refresh.family, tokens.familyLifetimeSeconds(refresh.kind));
      prometheus.familiesRevoked.inc();
      const signedOut = await deps.signOut(principal, refresh.family).catch((error: unknown) => {
        request.log.error({ err: error, subject: refresh.subject }, 'revoked sign-in not signed out');
        return 0;
      });
      request.log.warn(
        { event: 'refresh-replay', subject: refresh.subject, role: principal.role, signedOut },
        'refresh token reused: its sign-in is revoked',
      );
      audit(request, 'auth.refresh-replay', { id: refresh.subject, role: principal.role }, { details: { signedOut } });
      throw new ProtocolError('UNAUTHENTICATED');
    }
    return pair(principal, refresh.kind, refresh.family);
  });
}

function mapOrThrow<T>(entry: T | undefined, toPrincipal: (entry: T) => Principal): Principal {
  if (!entry) throw new ProtocolError('UNAUTHENTICATED');
  return toPrincipal(entry);
}
