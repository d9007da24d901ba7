/**
 * `POST /api/point/advisor`: an advisor signs in personally at the point whose device token calls
 * (the device key opened the point; this names the person working at it). The credentials go to
 * the configured provider (advisor-authenticator.ts); sign-ins, refusals and throttling follow the
 * console's password sign-in: one error for every failure, every attempt audited.
 */
import { AdvisorPasswordSignIn, AdvisorState, ProtocolError } from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import type { TokenService } from '../auth/tokens.js';
import type { Prometheus } from '../http/prometheus.js';
import { bearerPrincipal } from '../reports/authenticate.js';
import type { AdvisorAuthenticator } from './advisor-authenticator.js';
import type { AdvisorSessions } from './advisor-sessions.js';

export interface AdvisorRouteDeps {
  tokens: TokenService;
  sessions: AdvisorSessions;
  authenticator: AdvisorAuthenticator;
  limiter: LoginLimiter;
  prometheus: Prometheus;
  audit: AuditTrail;
  /** Tells every connection of the point who is signed in now (`advisor:changed`). */
  announce: (pointId: string, state: AdvisorState) => void;
}

export async function advisorRoutes(app: FastifyInstance, deps: AdvisorRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { sessions, limiter, prometheus } = deps;

  function audit(request: FastifyRequest, ...[action, actor, facts]: Parameters<AuditTrail['record']>): void {
    deps.audit
      .record(action, actor, { address: request.ip, ...facts })
      .catch((error: unknown) => request.log.error({ err: error, action }, 'audit event not recorded'));
  }

  // The device is settled before the body is read: anyone but a point device gets 401/403 whatever
  // they sent, a point device with a malformed body 400.
  const devices = new WeakMap<FastifyRequest, string>();
  async function pointDevice(request: FastifyRequest): Promise<void> {
    const principal = await bearerPrincipal(request, deps.tokens);
    if (principal.role !== 'point' || !principal.pointId) throw new ProtocolError('FORBIDDEN');
    devices.set(request, principal.pointId);
  }

  api.post(
    '/api/point/advisor',
    {
      onRequest: pointDevice,
      schema: {
        tags: ['auth'],
        summary: "An advisor signs in personally at the calling point device's point",
        security: [{ bearerAuth: [] }],
        body: AdvisorPasswordSignIn,
        response: { 200: AdvisorState },
      },
    },
    async (request) => {
      const pointId = devices.get(request);
      if (!pointId) throw new ProtocolError('UNAUTHENTICATED');
      const { username } = request.body;
      try {
        await limiter.assertAllowed(username, request.ip);
      } catch (error) {
        prometheus.logins.inc({ kind: 'advisor', outcome: 'throttled' });
        throw error;
      }
      const user = await deps.authenticator.authenticate(request.body);
      // A right password at a point the person does not advise at is refused the same way as a
      // wrong one: the answer never tells which accounts exist or where they work.
      if (!sessions.mayAdvise(user, pointId)) {
        await limiter.recordFailure(username, request.ip);
        prometheus.logins.inc({ kind: 'advisor', outcome: 'failed' });
        audit(request, 'auth.advisor-login-failed', { id: username.slice(0, 120) }, { target: `point:${pointId}` });
        throw new ProtocolError('INVALID_CREDENTIALS');
      }
      await limiter.recordSuccess(username, request.ip);
      prometheus.logins.inc({ kind: 'advisor', outcome: 'ok' });
      const state = await sessions.signIn(pointId, user.id);
      request.log.info({ event: 'advisor-login', advisorId: user.id, pointId }, 'advisor signed in at point');
      audit(
        request,
        'auth.advisor-login',
        { id: user.id, role: 'advisor' },
        { target: `point:${pointId}`, details: { method: deps.authenticator.method } },
      );
      deps.announce(pointId, state);
      return state;
    },
  );
}
