/**
 * Advisors sign in personally at a point, and the identity check travels with the request, against
 * a real Redis and the real server on the demo seed (its argon2 hashes): the device key opens the
 * point, the advisor's own account starts visits (the production default, `required`), the
 * specialist sees the advisor and the identity check on the offer and in the session, and the
 * session (the transaction's source) carries both. Refusals are coded and change nothing.
 */
import type { AdvisorState, Offer, Session, TicketView, TokenPair } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parseSessionRecord, sessionTransaction } from '../src/sessions/session-record.js';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import {
  connect,
  DEMO_PASSWORD,
  type Harness,
  login,
  loginPoint,
  post,
  request,
  snapshot,
  startHarness,
  type TestSocket,
} from './support/harness.js';
import { until } from './support/until.js';

jest.setTimeout(60_000);

async function signInAdvisor(baseUrl: string, point: TokenPair, username: string, password = DEMO_PASSWORD) {
  const response = await fetch(`${baseUrl}/api/point/advisor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${point.accessToken}` },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('advisors at a point', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const connectWith = async (token: string) => {
    const socket = await connect(h.baseUrl, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    h = await startHarness({
      ADVISOR_SIGN_IN: 'required',
      DEMO_ALWAYS_OPEN: 'true',
      ADVISOR_IDLE_SECONDS: '600',
      SOCKET_COMMANDS_PER_SECOND: '1000',
    });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('refuses a visit until an advisor of the point signs in, then names them to the specialist', async () => {
    const mikkeli = await loginPoint(h.baseUrl, 'mikkeli');
    const point = await connectWith(mikkeli.accessToken);
    const otherTab = await connectWith(mikkeli.accessToken);

    const before = await ok<AdvisorState>(request(point, 'advisor:get', {}));
    expect(before).toEqual({ required: true, idleTimeoutSeconds: 600 });
    const untouched = await snapshot(h.redis, h.prefix);
    expect(
      await code(request(point, 'request:create', { agency: 'tax', language: 'fi', identityCheck: 'passport' })),
    ).toBe('ADVISOR_SIGN_IN_REQUIRED');
    expect(await snapshot(h.redis, h.prefix)).toEqual(untouched);

    // A wrong password, an advisor of another point, and a specialist's account are all refused alike.
    for (const [username, password] of [
      ['leena', 'wrong-password'],
      ['kristina', DEMO_PASSWORD],
      ['aino', DEMO_PASSWORD],
      ['nobody-by-that-name', DEMO_PASSWORD],
    ] as const) {
      const refused = await signInAdvisor(h.baseUrl, mikkeli, username, password);
      expect(refused.status).toBe(401);
      expect((refused.body.error as { code: string }).code).toBe('INVALID_CREDENTIALS');
    }
    // Only a point device may sign an advisor in.
    const aino = await login(h.baseUrl, 'aino');
    expect((await signInAdvisor(h.baseUrl, aino, 'leena')).status).toBe(403);

    const told = nextEvent(otherTab, 'advisor:changed');
    const signedIn = await signInAdvisor(h.baseUrl, mikkeli, 'leena');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ advisor: { id: 'leena', displayName: 'Leena Hämäläinen' }, required: true });
    expect((await told).advisor?.id).toBe('leena');

    // Police refuses customers whose identity was not checked (the agency's rule); tax does not.
    for (const identityCheck of [undefined, 'not-checked']) {
      expect(
        await code(
          request(point, 'request:create', {
            agency: 'police',
            language: 'fi',
            whenUnavailable: 'wait',
            identityCheck,
          }),
        ),
      ).toBe('IDENTITY_CHECK_REQUIRED');
    }
    expect(
      await code(request(point, 'request:create', { agency: 'tax', language: 'fi', identityCheck: '123456-789A' })),
    ).toBe('VALIDATION_FAILED');

    const expert = await connectWith(aino.accessToken);
    await ok(request(expert, 'presence:set', { state: 'available' }));
    const offered = nextEvent(expert, 'offer:incoming');
    // Starting a request is the advisor's activity: their idle time starts again. A refused one
    // changes nothing, not even that.
    const advisorKey = `${h.prefix}point:mikkeli:advisor`;
    await h.redis.expire(advisorKey, 100);
    expect(await code(request(point, 'request:create', { agency: 'nope', language: 'fi' }))).toBe('UNKNOWN_AGENCY');
    expect(await h.redis.ttl(advisorKey)).toBeLessThanOrEqual(100);
    const queued = await ok<{ status: 'queued'; ticket: TicketView }>(
      request(point, 'request:create', { agency: 'tax', language: 'fi', identityCheck: 'passport' }),
    );
    expect(await h.redis.ttl(advisorKey)).toBeGreaterThan(590);
    const offer: Offer = await offered;
    expect(offer).toMatchObject({
      ticketId: queued.ticket.ticketId,
      identityCheck: 'passport',
      advisorName: 'Leena Hämäläinen',
    });

    const session = await ok<Session>(request(expert, 'offer:accept', { offerId: offer.offerId }));
    expect(session).toMatchObject({ identityCheck: 'passport', advisorId: 'leena' });
    const work = await ok<{ details?: Record<string, unknown> }>(request(expert, 'work:current', {}));
    expect(work.details).toMatchObject({ identityCheck: 'passport', advisorName: 'Leena Hämäläinen' });
    const visit = await h.redis.hgetall(`${h.prefix}visit:${session.visitId}`);
    expect(visit.advisorId).toBe('leena');

    // The transaction is made of the session's record: it carries both (and the ledger stores them).
    await ok(request(expert, 'session:end', { sessionId: session.sessionId }));
    const tax = h.signaling.directory.agency('tax');
    await ok(request(expert, 'session:wrap-up', { sessionId: session.sessionId, outcome: tax?.outcomes[0]?.id }));
    const record = parseSessionRecord(
      session.sessionId,
      await h.redis.hgetall(`${h.prefix}session:${session.sessionId}`),
    );
    const transaction = record ? sessionTransaction(record) : undefined;
    expect(transaction?.success && transaction.data).toMatchObject({ identityCheck: 'passport', advisorId: 'leena' });
  });

  it('signs the advisor out on request and after inactivity, without closing the point', async () => {
    const parainen = await loginPoint(h.baseUrl, 'parainen');
    const point = await connectWith(parainen.accessToken);
    expect((await signInAdvisor(h.baseUrl, parainen, 'kristina')).status).toBe(200);

    const out = await ok<AdvisorState>(request(point, 'advisor:sign-out', {}));
    expect(out.advisor).toBeUndefined();
    expect(
      await code(request(point, 'request:create', { agency: 'kela', language: 'sv', identityCheck: 'known' })),
    ).toBe('ADVISOR_SIGN_IN_REQUIRED');
    // The point's own sign-in is untouched.
    expect(await ok<AdvisorState>(request(point, 'advisor:get', {}))).toMatchObject({ required: true });

    // Inactivity: the sign-in's key lapses in Redis on its own (its TTL is the idle timeout).
    expect((await signInAdvisor(h.baseUrl, parainen, 'kristina')).status).toBe(200);
    const key = `${h.prefix}point:parainen:advisor`;
    expect(await h.redis.ttl(key)).toBeGreaterThan(590);
    await h.redis.pexpire(key, 200);
    await until('the idle sign-in to lapse', async () => (await h.redis.exists(key)) === 0, 5000);
    expect((await ok<AdvisorState>(request(point, 'advisor:get', {}))).advisor).toBeUndefined();
  });

  it('keeps the console to people with a console role, and gives several roles their grants', async () => {
    const refused = await post(h.baseUrl, '/api/auth/login', { username: 'leena', password: DEMO_PASSWORD });
    expect(refused.status).toBe(403);
    expect((refused.body.error as { code: string }).code).toBe('POINT_ACCOUNT_ONLY');

    const maria = await login(h.baseUrl, 'maria');
    expect(maria.principal).toMatchObject({ role: 'supervisor', roles: ['supervisor', 'advisor'] });
    expect(maria.principal.capabilities).toEqual(['supervise']);
    // Maria also advises in Mikkeli (her points), not elsewhere.
    const saarijarvi = await loginPoint(h.baseUrl, 'saarijarvi');
    expect((await signInAdvisor(h.baseUrl, saarijarvi, 'maria')).status).toBe(401);
    const mikkeli = await loginPoint(h.baseUrl, 'mikkeli');
    expect((await signInAdvisor(h.baseUrl, mikkeli, 'maria')).status).toBe(200);
  });
});
