/**
 * The authorization matrix, generated from what the server actually offers: every Socket.IO event
 * of the protocol × every role, every HTTP route Fastify serves × every role, and every way of
 * presenting a broken token to the handshake and to the protected routes.
 *
 * The expectations are written out below, one row per event and one per route. The matrix is
 * generated from the protocol's event table and from the server's route table, so an event or a
 * route without its row fails here: nothing new ships without someone deciding who may use it. An
 * event's row must also agree with the capability the protocol gives it.
 *
 * Socket events are probed with a payload no schema accepts: the gate checks the capability before
 * the schema, so a role that may use the event gets VALIDATION_FAILED and one that may not gets
 * FORBIDDEN, and no handler ever runs (the Redis snapshot proves nothing changed).
 * (Which rows of data each role then sees — its own visits, sessions, media rooms, report scope —
 * is tested with each feature.)
 */
import {
  CLIENT_EVENT_NAMES,
  type ClientEventName,
  clientEvents,
  type Principal,
  ROLE_CAPABILITIES,
  type TokenPair,
} from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { SignJWT } from 'jose';
import { TokenService } from '../src/auth/tokens.js';
import {
  connect,
  type Harness,
  login,
  post,
  request,
  snapshot,
  startHarness,
  type TestSocket,
} from './support/harness.js';
import { ROLES, type RoleName, signInEveryRole } from './support/roles.js';
import { servedRoutes } from './support/routes.js';

jest.setTimeout(120_000);

const SECRET = 'test-secret-that-is-long-enough-0123456789';
const METRICS_TOKEN = 'metrics-token-that-is-long-enough-0123456789';

// ── socket events ──────────────────────────────────────────────────────────────────────────────

/** Who may send each event. `everyone`: any signed-in principal (media grants are checked per room). */
const EVENT_ROWS: Record<ClientEventName, 'everyone' | readonly RoleName[]> = {
  hello: 'everyone',
  'token:renew': 'everyone',
  'directory:get': 'everyone',
  'visit:open': ['point'],
  'visit:close': ['point'],
  'presence:set': ['expert', 'interpreter'],
  'presence:get': ['expert', 'interpreter'],
  'request:create': ['point'],
  'advisor:get': ['point'],
  'advisor:touch': ['point'],
  'advisor:sign-out': ['point'],
  'request:cancel': ['point'],
  'request:resume': ['point'],
  'request:list': ['point'],
  'request:step-away': ['point'],
  'request:step-back': ['point'],
  'availability:get': ['point'],
  'request:requeue': ['point'],
  'offer:accept': ['expert', 'interpreter'],
  'offer:decline': ['expert', 'interpreter'],
  'session:end': ['expert', 'interpreter'],
  'session:wrap-up': ['expert', 'interpreter'],
  'session:transfer': ['expert', 'interpreter'],
  'session:leave': ['point'],
  // Either side of a session; that the caller is one of its two is checked per session (chat.test.ts).
  'chat:send': 'everyone',
  'chat:history': 'everyone',
  'document:list': 'everyone',
  'metrics:subscribe': ['supervisor', 'admin'],
  // A supervisor joins a call of their agencies (participants.test.ts); any member reads who is in it.
  'session:join-as-supervisor': ['supervisor', 'admin'],
  'session:leave-as-supervisor': ['supervisor', 'admin'],
  'session:participants:get': 'everyone',
  // The session's specialist invites; the invitee answers and may leave (session-invite.test.ts).
  // The invitee may be a supervisor: whether the invite rings at the caller is checked per invite.
  'session:invite': ['expert', 'interpreter'],
  'invite:accept': 'everyone',
  'invite:decline': 'everyone',
  'session:leave-as-guest': ['expert', 'interpreter'],
  'feedback:submit': ['point'],
  // One's own work; a supervisor's is an invite ringing at them (empty for anyone without work).
  'work:current': 'everyone',
  'queues:watch': ['expert', 'interpreter'],
  // Appointments: the point books and checks in; shifts are anyone's with a person's role (checked
  // inside: own, or of a supervised agency, bookings.test.ts); agendas are the specialist's own.
  'booking:slots': ['point'],
  'booking:create': ['point'],
  'booking:cancel': ['point'],
  'booking:today': ['point'],
  'booking:check-in': ['point'],
  'shift:publish': 'everyone',
  'shift:remove': 'everyone',
  'shift:list': 'everyone',
  'agenda:day': ['expert', 'interpreter'],
  'agenda:feed': ['expert', 'interpreter'],
  'booking:overview': ['supervisor', 'admin'],
  'supervision:subscribe': ['supervisor', 'admin'],
  'supervision:history': ['supervisor', 'admin'],
  'media:capabilities': 'everyone',
  'media:join': 'everyone',
  'media:leave': 'everyone',
  'media:resume': 'everyone',
  'media:transport:create': 'everyone',
  'media:transport:connect': 'everyone',
  'media:transport:restart-ice': 'everyone',
  'media:produce': 'everyone',
  'media:producer:set': 'everyone',
  'media:consume': 'everyone',
  'media:consumer:resume': 'everyone',
  'media:consumer:layers': 'everyone',
  'media:consumer:pause': 'everyone',
  'media:level:set': 'everyone',
};

// ── HTTP routes ────────────────────────────────────────────────────────────────────────────────

type RouteRow =
  /** Answers without any token; `status` is the answer to an empty request. */
  | { access: 'public'; status: number }
  /** Prometheus: only the METRICS_TOKEN bearer, never a user's token. */
  | { access: 'metrics' }
  /** A user's bearer access token; the status each role gets. */
  | { access: 'bearer'; roles: Record<RoleName, number> };

/** Reports of a specialist's own work too (their rows), and reports of whole queues (not theirs). */
const PER_EXPERT_REPORT: RouteRow = {
  access: 'bearer',
  roles: { point: 403, expert: 200, interpreter: 200, supervisor: 200, admin: 200 },
};
/**
 * Administration: administrators only. The matrix's request carries an empty body (and `:id`
 * literally), so an administrator's write is refused by validation (400) after the role check.
 */
const ADMIN_READ: RouteRow = {
  access: 'bearer',
  roles: { point: 403, expert: 403, interpreter: 403, supervisor: 403, admin: 200 },
};
const ADMIN_WRITE: RouteRow = {
  access: 'bearer',
  roles: { point: 403, expert: 403, interpreter: 403, supervisor: 403, admin: 400 },
};
const QUEUE_REPORT: RouteRow = {
  access: 'bearer',
  roles: { point: 403, expert: 403, interpreter: 403, supervisor: 200, admin: 200 },
};

/** Keyed `METHOD path`; HEAD (answered like GET) and the CORS preflight (`OPTIONS *`) are Fastify's own. */
const ROUTE_ROWS: Record<string, RouteRow> = {
  'GET /healthz': { access: 'public', status: 200 },
  'GET /readyz': { access: 'public', status: 200 },
  'GET /api/openapi.json': { access: 'public', status: 200 },
  // Sign-in and refresh take no token; an empty body fails validation, not authentication.
  'POST /api/auth/login': { access: 'public', status: 400 },
  'POST /api/auth/point': { access: 'public', status: 400 },
  'POST /api/auth/refresh': { access: 'public', status: 400 },
  // Either side of a session (checked per session, documents.test.ts); the literal `:sessionId` fails validation.
  'POST /api/sessions/:sessionId/documents': {
    access: 'bearer',
    roles: { point: 400, expert: 400, interpreter: 400, supervisor: 400, admin: 400 },
  },
  'GET /api/sessions/:sessionId/documents/:documentId': {
    access: 'bearer',
    roles: { point: 400, expert: 400, interpreter: 400, supervisor: 400, admin: 400 },
  },
  // Only a point device's token; an empty body then fails validation.
  'POST /api/point/advisor': {
    access: 'bearer',
    roles: { point: 400, expert: 403, interpreter: 403, supervisor: 403, admin: 403 },
  },
  'GET /metrics': { access: 'metrics' },
  'GET /api/admin/agencies': ADMIN_READ,
  // The specialist, their supervisor or an admin (bookings.test.ts); the literal `:expertId` fails validation.
  // A calendar app's secret `?token=` instead of a header is tested with the feed.
  'GET /api/experts/:expertId/agenda.ics': {
    access: 'bearer',
    roles: { point: 400, expert: 400, interpreter: 400, supervisor: 400, admin: 400 },
  },
  'POST /api/admin/agencies': ADMIN_WRITE,
  'PUT /api/admin/agencies/:id': ADMIN_WRITE,
  'POST /api/admin/agencies/:id/deactivate': ADMIN_WRITE,
  'POST /api/admin/agencies/:id/activate': ADMIN_WRITE,
  'GET /api/admin/municipalities': ADMIN_READ,
  'POST /api/admin/municipalities': ADMIN_WRITE,
  'PUT /api/admin/municipalities/:id': ADMIN_WRITE,
  'POST /api/admin/municipalities/:id/deactivate': ADMIN_WRITE,
  'POST /api/admin/municipalities/:id/activate': ADMIN_WRITE,
  'GET /api/admin/points': ADMIN_READ,
  'POST /api/admin/points': ADMIN_WRITE,
  'PUT /api/admin/points/:id': ADMIN_WRITE,
  'POST /api/admin/points/:id/key': ADMIN_WRITE,
  'POST /api/admin/points/:id/key/revoke': ADMIN_WRITE,
  'POST /api/admin/points/:id/deactivate': ADMIN_WRITE,
  'POST /api/admin/points/:id/activate': ADMIN_WRITE,
  'GET /api/admin/people': ADMIN_READ,
  'POST /api/admin/people': ADMIN_WRITE,
  'PUT /api/admin/people/:id': ADMIN_WRITE,
  'POST /api/admin/people/:id/deactivate': ADMIN_WRITE,
  'POST /api/admin/people/:id/activate': ADMIN_WRITE,
  'GET /api/admin/audit': ADMIN_READ,
  'GET /api/admin/audit/verify': ADMIN_READ,
  'GET /api/admin/audit.csv': ADMIN_READ,
  // `:sessionId` and `:visitId` sent literally are not ids: an administrator's call fails validation.
  'GET /api/admin/transactions/:sessionId/corrections': ADMIN_WRITE,
  'POST /api/admin/transactions/:sessionId/corrections': ADMIN_WRITE,
  'POST /api/admin/visits/:visitId/erase': ADMIN_WRITE,
  'GET /api/reports/billing': QUEUE_REPORT,
  'GET /api/reports/billing.csv': QUEUE_REPORT,
  'GET /api/reports/billing/corrections': QUEUE_REPORT,
  'GET /api/reports/billing/corrections.csv': QUEUE_REPORT,
  'GET /api/reports/transactions': PER_EXPERT_REPORT,
  'GET /api/reports/transactions.csv': PER_EXPERT_REPORT,
  'GET /api/reports/transactions/monthly': PER_EXPERT_REPORT,
  'GET /api/reports/transactions/monthly.csv': PER_EXPERT_REPORT,
  'GET /api/reports/feedback': PER_EXPERT_REPORT,
  'GET /api/reports/feedback.csv': PER_EXPERT_REPORT,
  'GET /api/reports/feedback/comments': PER_EXPERT_REPORT,
  'GET /api/reports/feedback/comments.csv': PER_EXPERT_REPORT,
  'GET /api/reports/service-level': QUEUE_REPORT,
  'GET /api/reports/service-level.csv': QUEUE_REPORT,
  'GET /api/reports/demand': QUEUE_REPORT,
  'GET /api/reports/demand.csv': QUEUE_REPORT,
};

// ── broken tokens ──────────────────────────────────────────────────────────────────────────────

interface BrokenToken {
  name: string;
  /** The Authorization header (HTTP); undefined sends none. */
  header: string | undefined;
  /** The handshake's `auth.token`; undefined sends none. */
  token: string | undefined;
  code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED';
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function brokenTokens(h: Harness): Promise<BrokenToken[]> {
  const pair = await login(h.baseUrl, 'maria');
  const principal = pair.principal;
  const key = new TextEncoder().encode(SECRET);
  const now = Math.floor(Date.now() / 1000);
  const claims = { typ: 'access', principal, fam: 'matrix-family' };
  const signed = (payload: Record<string, unknown>, edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt, alg = 'HS256') =>
    edit(
      new SignJWT(payload)
        .setProtectedHeader({ alg })
        .setIssuer('etapiste-signaling')
        .setAudience('etapiste')
        .setSubject(principal.id)
        .setJti(`matrix-${Math.random().toString(36).slice(2)}`)
        .setIssuedAt(now)
        .setExpirationTime(now + 600),
    ).sign(key);
  const [header, , signature] = pair.accessToken.split('.');
  const admin: Principal = { ...principal, role: 'admin', capabilities: ['supervise', 'administer'] };

  // A family revoked by a replayed refresh token.
  const revoked = await login(h.baseUrl, 'maria');
  expect((await post(h.baseUrl, '/api/auth/refresh', { refreshToken: revoked.refreshToken })).status).toBe(200);
  expect((await post(h.baseUrl, '/api/auth/refresh', { refreshToken: revoked.refreshToken })).status).toBe(401);

  const tokens: [string, string, BrokenToken['code']?][] = [
    ['empty', ''],
    ['not a JWT', 'not-a-jwt'],
    ['signed with another secret', (await new TokenService(`${SECRET}-other`, ttls()).issueAccess(principal)).token],
    [
      'unsigned (alg none)',
      `${base64url({ alg: 'none' })}.${base64url({ ...claims, iss: 'etapiste-signaling', aud: 'etapiste', exp: now + 600 })}.`,
    ],
    ['HS512 with the right secret', await signed(claims, undefined, 'HS512')],
    [
      'expired',
      await signed(claims, (jwt) => jwt.setIssuedAt(now - 3600).setExpirationTime(now - 60)),
      'TOKEN_EXPIRED',
    ],
    ['not valid yet', await signed(claims, (jwt) => jwt.setNotBefore(now + 3600))],
    ['another issuer', await signed(claims, (jwt) => jwt.setIssuer('someone-else'))],
    ['another audience', await signed(claims, (jwt) => jwt.setAudience('someone-else'))],
    ['a refresh token', pair.refreshToken],
    [
      'payload changed to an admin, signature kept',
      `${header}.${base64url({ ...claims, principal: admin })}.${signature}`,
    ],
    ['without a family', await signed({ typ: 'access', principal })],
    ['of a revoked family', revoked.accessToken],
    ['principal without capabilities', await signed({ ...claims, principal: { id: 'maria', role: 'admin' } })],
  ];
  return [
    { name: 'none', header: undefined, token: undefined, code: 'UNAUTHENTICATED' },
    {
      name: 'another scheme',
      header: `Basic ${Buffer.from('maria:etapiste-demo').toString('base64')}`,
      token: 'Basic x',
      code: 'UNAUTHENTICATED',
    },
    ...tokens.map(([name, token, code]) => ({
      name,
      header: `Bearer ${token}`,
      token,
      code: code ?? ('UNAUTHENTICATED' as const),
    })),
  ];
}

function ttls() {
  return { accessSeconds: 600, refreshSeconds: 600, pointRefreshSeconds: 600 };
}

// ── the matrix ─────────────────────────────────────────────────────────────────────────────────

describe('authorization matrix', () => {
  let h: Harness;
  let pairs: Record<RoleName, TokenPair>;
  const sockets = {} as Record<RoleName, TestSocket>;

  beforeAll(async () => {
    h = await startHarness({
      TOKEN_SECRET: SECRET,
      METRICS_TOKEN,
      // Many commands from one connection; the rate limit has its own test.
      SOCKET_COMMANDS_PER_SECOND: '1000',
      // The reports answer from an in-memory ledger, so allowed roles get 200.
      LEDGER_ENABLED: 'true',
      LEDGER_DATA_DIR: 'memory://',
    });
    pairs = await signInEveryRole(h.baseUrl);
    for (const role of ROLES) sockets[role] = await connect(h.baseUrl, pairs[role].accessToken);
  });
  afterAll(async () => {
    for (const socket of Object.values(sockets)) socket.close();
    await h.close();
  });

  const mayUse = (event: ClientEventName, role: RoleName): boolean | undefined => {
    const row = EVENT_ROWS[event] as 'everyone' | readonly RoleName[] | undefined;
    return row === undefined ? undefined : row === 'everyone' || row.includes(role);
  };

  it('has a row for every event of the protocol, and none for an event it does not have', () => {
    expect(CLIENT_EVENT_NAMES.filter((event) => EVENT_ROWS[event] === undefined)).toEqual([]);
    expect(Object.keys(EVENT_ROWS).filter((event) => !(event in clientEvents))).toEqual([]);
  });

  it("agrees with the capability each event names in the protocol and each role's capabilities", () => {
    const disagreements = CLIENT_EVENT_NAMES.flatMap((event) =>
      ROLES.filter((role) => {
        const capability = clientEvents[event].capability as string | null;
        const byTable = capability === null || (ROLE_CAPABILITIES[role] as readonly string[]).includes(capability);
        return mayUse(event, role) !== byTable;
      }).map((role) => `${event} × ${role}`),
    );
    expect(disagreements).toEqual([]);
  });

  /** Everything under the prefix but the processes' heartbeats, which move on their own. */
  async function state(): Promise<Record<string, unknown>> {
    const { [`${h.prefix}procs`]: _heartbeats, ...rest } = await snapshot(h.redis, h.prefix);
    return rest;
  }

  it('lets every role through to exactly the events of its row, and changes nothing', async () => {
    const before = await state();
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const event of CLIENT_EVENT_NAMES) {
      for (const role of ROLES) {
        const response = await request(sockets[role], event, { matrixProbe: true });
        const code = response.ok ? 'ok' : response.error.code;
        outcomes.push(`${event} × ${role}: ${code}`);
        expected.push(`${event} × ${role}: ${mayUse(event, role) ? 'VALIDATION_FAILED' : 'FORBIDDEN'}`);
      }
    }
    expect(outcomes).toEqual(expected);
    expect(await state()).toEqual(before);
  });

  it('refuses every broken token at the socket handshake', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const broken of await brokenTokens(h)) {
      const code = await connect(h.baseUrl, broken.token).then(
        (socket) => {
          socket.close();
          return 'connected';
        },
        (error: { data?: { code?: string } }) => error.data?.code ?? 'no code',
      );
      outcomes.push(`${broken.name}: ${code}`);
      expected.push(`${broken.name}: ${broken.code}`);
    }
    expect(outcomes).toEqual(expected);
  });

  it('has a row for every HTTP route the server serves, and none for a route it does not', () => {
    const served = servedRoutes(h);
    expect(served.length).toBeGreaterThan(10);
    expect(served.filter((route) => ROUTE_ROWS[route] === undefined)).toEqual([]);
    expect(Object.keys(ROUTE_ROWS).filter((route) => !served.includes(route))).toEqual([]);
  });

  /** One request to a route of the matrix; reports get a valid period. */
  async function call(route: string, authorization: string | undefined): Promise<number> {
    const [method = 'GET', path = '/'] = route.split(' ');
    const period = path.startsWith('/api/reports/billing')
      ? '?from=2026-01&to=2026-01'
      : '?from=2026-01-01&to=2026-01-31';
    const url = `${h.baseUrl}${path}${path.startsWith('/api/reports/') ? period : ''}`;
    const headers: Record<string, string> = {};
    if (authorization !== undefined) headers.authorization = authorization;
    if (method === 'POST') headers['content-type'] = 'application/json';
    const response = await fetch(url, { method, headers, ...(method === 'POST' ? { body: '{}' } : {}) });
    await response.arrayBuffer();
    return response.status;
  }

  it('answers every route × role as its row says', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const route of servedRoutes(h)) {
      const row = ROUTE_ROWS[route];
      if (!row) continue;
      if (row.access === 'public') {
        outcomes.push(`${route} × nobody: ${await call(route, undefined)}`);
        expected.push(`${route} × nobody: ${row.status}`);
        continue;
      }
      for (const role of ROLES) {
        outcomes.push(`${route} × ${role}: ${await call(route, `Bearer ${pairs[role].accessToken}`)}`);
        expected.push(`${route} × ${role}: ${row.access === 'metrics' ? 401 : row.roles[role]}`);
      }
      if (row.access === 'metrics') {
        outcomes.push(`${route} × metrics token: ${await call(route, `Bearer ${METRICS_TOKEN}`)}`);
        expected.push(`${route} × metrics token: 200`);
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('refuses every broken token on every protected route', async () => {
    const tokens = await brokenTokens(h);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const route of servedRoutes(h)) {
      if (ROUTE_ROWS[route]?.access === 'public') continue;
      for (const broken of tokens) {
        outcomes.push(`${route} × ${broken.name}: ${await call(route, broken.header)}`);
        expected.push(`${route} × ${broken.name}: 401`);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
