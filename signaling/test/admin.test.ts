/**
 * Administration on the real signaling server, with the directory in the database: who may call
 * it, optimistic concurrency, refusals that name their reason and change nothing, a point's device
 * key issued, rotated and revoked (its device signed out), and the audit of it all. Then a change
 * that reaches a second signaling process with no restart: a specialist signed in there is given
 * a new skill here and is offered that queue's customer at once.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readAudit } from '../src/ledger/audit-chain.js';
import { dataOf } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, post, request, startHarness } from './support/harness.js';
import { createTestDatabase, type TestDatabase } from './support/ledger-databases.js';
import { tokenOf } from './support/ledger-visit.js';
import { pointToken, tokenFor, writeQueueSeed } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(90_000);

const L = (text: string) => ({ fi: text, sv: text, en: text });

interface ApiBody {
  error?: { code: string; reason?: string };
  [key: string]: unknown;
}

async function call(h: Harness, method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as ApiBody };
}

describe('administration', () => {
  let h: Harness;
  let admin: string;

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed([{ id: 'tax-fi', skills: [{ agency: 'tax', language: 'fi' }] }]),
      LEDGER_ENABLED: 'true',
      LEDGER_DATA_DIR: 'memory://',
      SOCKET_COMMANDS_PER_SECOND: '1000',
    });
    admin = await tokenOf(h, { id: 'admin-1', role: 'admin' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses everyone but administrators, with a code, and audits the attempt', async () => {
    const supervisor = await tokenOf(h, { id: 'sup-1', role: 'supervisor', agencies: ['tax'] });
    expect(await call(h, 'GET', '/api/admin/points', undefined)).toMatchObject({ status: 401 });
    for (const token of [supervisor, await tokenFor(h.signaling, 'tax-fi'), await pointToken(h.signaling, 'p1')]) {
      const refused = await call(h, 'GET', '/api/admin/people', token);
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    }
    const db = h.signaling.ledger?.db;
    if (!db) throw new Error('ledger');
    await until(
      'the refusals audited',
      async () => (await readAudit(db, { action: 'admin.forbidden', limit: 10 })).length >= 3,
    );
  });

  it('lists the seed as entries with versions, without secrets', async () => {
    const points = await call(h, 'GET', '/api/admin/points', admin);
    expect(points.status).toBe(200);
    expect(points.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          version: 1,
          active: true,
          hasKey: true,
          data: expect.objectContaining({ id: 'p1', municipalityId: 'p1' }),
        }),
      ]),
    );
    expect(JSON.stringify(points.body)).not.toContain('argon2');
    const people = await call(h, 'GET', '/api/admin/people', admin);
    expect(JSON.stringify(people.body)).not.toContain('argon2');
  });

  it('creates a municipality and a point, issues its key (shown once), and the device signs in with it', async () => {
    expect(
      (
        await call(h, 'POST', '/api/admin/municipalities', admin, {
          data: { id: 'inari', name: { fi: 'Inari', sv: 'Enare', en: 'Inari' } },
        })
      ).status,
    ).toBe(201);
    const created = await call(h, 'POST', '/api/admin/points', admin, {
      data: { id: 'inari-ivalo', name: L('Ivalo'), municipalityId: 'inari' },
    });
    expect(created).toMatchObject({
      status: 201,
      body: { version: 1, hasKey: false, data: { municipality: { sv: 'Enare' } } },
    });
    // No key yet: the device cannot sign in.
    expect(
      (await post(h.baseUrl, '/api/auth/point', { pointId: 'inari-ivalo', pointKey: 'x'.repeat(20) })).status,
    ).toBe(401);

    const issued = await call(h, 'POST', '/api/admin/points/inari-ivalo/key', admin, { version: 1 });
    expect(issued.status).toBe(200);
    const { pointKey } = issued.body as unknown as { pointKey: string };
    const signedIn = await post(h.baseUrl, '/api/auth/point', { pointId: 'inari-ivalo', pointKey });
    expect(signedIn.status).toBe(200);
    const device = await connect(h.baseUrl, signedIn.body.accessToken as string);
    const directory = dataOf<{ points: { id: string; municipality: { fi: string } }[] }>(
      await request(device, 'directory:get', {}),
    );
    expect(directory.points).toEqual([
      expect.objectContaining({ id: 'inari-ivalo', municipality: expect.objectContaining({ fi: 'Inari' }) }),
    ]);

    // Rotation: the old key and the old sign-in stop working, the open connection is closed.
    const closed = new Promise<void>((resolve) => device.on('disconnect', () => resolve()));
    const rotated = await call(h, 'POST', '/api/admin/points/inari-ivalo/key', admin, { version: 2 });
    expect(rotated.status).toBe(200);
    await closed;
    expect((await post(h.baseUrl, '/api/auth/point', { pointId: 'inari-ivalo', pointKey })).status).toBe(401);
    expect((await post(h.baseUrl, '/api/auth/refresh', { refreshToken: signedIn.body.refreshToken })).status).toBe(401);
    const newKey = (rotated.body as unknown as { pointKey: string }).pointKey;
    expect((await post(h.baseUrl, '/api/auth/point', { pointId: 'inari-ivalo', pointKey: newKey })).status).toBe(200);

    // Revocation: that key no longer signs in either.
    expect((await call(h, 'POST', '/api/admin/points/inari-ivalo/key/revoke', admin, { version: 3 })).status).toBe(200);
    expect((await post(h.baseUrl, '/api/auth/point', { pointId: 'inari-ivalo', pointKey: newKey })).status).toBe(401);
  });

  it('refuses a stale edit and invalid ones with a code, and writes nothing', async () => {
    const [tax] = (
      (await call(h, 'GET', '/api/admin/agencies', admin)).body as unknown as {
        version: number;
        data: { id: string };
      }[]
    ).filter((a) => a.data.id === 'tax');
    if (!tax) throw new Error('tax');
    const edit = { ...tax.data, serviceLevelTargetSeconds: 90 };
    expect((await call(h, 'PUT', '/api/admin/agencies/tax', admin, { version: tax.version, data: edit })).status).toBe(
      200,
    );
    const stale = await call(h, 'PUT', '/api/admin/agencies/tax', admin, {
      version: tax.version,
      data: { ...edit, serviceLevelTargetSeconds: 60 },
    });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'STALE_VERSION' } } });

    const invalid = [
      // Hours that end before they start.
      [
        'PUT',
        '/api/admin/agencies/tax',
        { version: tax.version + 1, data: { ...edit, openingHours: { '1': { opens: '16:00', closes: '08:00' } } } },
      ],
      // A name missing in one language.
      ['POST', '/api/admin/municipalities', { data: { id: 'utsjoki', name: { fi: 'Utsjoki', sv: 'Utsjoki' } } }],
      // A point in a municipality that does not exist.
      ['POST', '/api/admin/points', { data: { id: 'nowhere-1', name: L('Nowhere'), municipalityId: 'nowhere' } }],
      // A skill in an agency that does not exist.
      [
        'POST',
        '/api/admin/people',
        {
          data: {
            id: 'x-1',
            username: 'x-1',
            displayName: 'X',
            roles: ['expert'],
            skills: [{ agency: 'nope', language: 'fi' }],
          },
          password: 'a-long-enough-password',
        },
      ],
      // An over-long field.
      ['POST', '/api/admin/municipalities', { data: { id: 'long', name: L('x'.repeat(500)) } }],
    ] as const;
    for (const [method, path, body] of invalid) {
      const refused = await call(h, method, path, admin, body);
      expect([path, refused.status, refused.body?.error?.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
    }
    const duplicate = await call(h, 'POST', '/api/admin/municipalities', admin, {
      data: { id: 'inari', name: L('Inari') },
    });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', reason: 'already-exists' } } });
    const agencies = (await call(h, 'GET', '/api/admin/agencies', admin)).body as unknown as {
      version: number;
      data: { id: string; serviceLevelTargetSeconds: number };
    }[];
    expect(agencies.find((a) => a.data.id === 'tax')).toMatchObject({
      version: tax.version + 1,
      data: { serviceLevelTargetSeconds: 90 },
    });
    expect(
      ((await call(h, 'GET', '/api/admin/points', admin)).body as unknown as { data: { id: string } }[]).map(
        (p) => p.data.id,
      ),
    ).not.toContain('nowhere-1');
  });

  it('refuses to deactivate an agency while customers wait in it, naming why', async () => {
    const point = await connect(h.baseUrl, await pointToken(h.signaling, 'p2'));
    dataOf(await request(point, 'request:create', { agency: 'kela', language: 'sv', whenUnavailable: 'wait' }));
    const kela = (
      (await call(h, 'GET', '/api/admin/agencies', admin)).body as unknown as {
        version: number;
        data: { id: string };
      }[]
    ).find((a) => a.data.id === 'kela');
    const refused = await call(h, 'POST', '/api/admin/agencies/kela/deactivate', admin, { version: kela?.version });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: { code: 'IN_USE', reason: 'agency-has-waiting-customers' } },
    });
    point.disconnect();
  });

  it('records every change with before and after, never a secret', async () => {
    const db = h.signaling.ledger?.db;
    if (!db) throw new Error('ledger');
    await until(
      'the key rotation audited',
      async () => (await readAudit(db, { action: 'admin.key-revoke', limit: 5 })).length === 1,
    );
    const rows = await readAudit(db, { actorId: 'admin-1', limit: 50 });
    const update = rows.find((r) => r.action === 'admin.update' && r.target === 'agency:tax');
    expect(update?.details).toMatchObject({
      before: { data: { serviceLevelTargetSeconds: 120 } },
      after: { data: { serviceLevelTargetSeconds: 90 } },
    });
    expect(JSON.stringify(rows)).not.toMatch(/argon2|pointKey/);
  });
});

describe('a directory change reaches every signaling process without a restart', () => {
  let database: TestDatabase;
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const env = {
      SEED_FILE: writeQueueSeed([{ id: 'tax-fi', skills: [{ agency: 'tax', language: 'fi' }] }]),
      DATABASE_URL: database.url as string,
      LEDGER_ENABLED: 'true',
      SOCKET_COMMANDS_PER_SECOND: '1000',
    };
    a = await startHarness(env);
    b = await startHarness(env, { prefix: a.prefix });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
  });

  it('gives a signed-in specialist on one process a new skill from the other, and offers that queue', async () => {
    const specialist = await connect(b.baseUrl, await tokenFor(b.signaling, 'tax-fi'));
    dataOf(await request(specialist, 'presence:set', { state: 'available' }));
    const point = await connect(a.baseUrl, await pointToken(a.signaling, 'p1'));
    const queued = dataOf<{ status: string }>(
      await request(point, 'request:create', { agency: 'kela', language: 'fi', whenUnavailable: 'wait' }),
    );
    expect(queued.status).toBe('queued');

    const admin = await tokenOf(a, { id: 'admin-1', role: 'admin' });
    const people = (await call(a, 'GET', '/api/admin/people', admin)).body as unknown as {
      version: number;
      data: Record<string, unknown>;
    }[];
    const person = people.find((p) => p.data.id === 'tax-fi');
    if (!person) throw new Error('tax-fi');
    const offer = nextEvent(specialist, 'offer:incoming');
    const changed = await call(a, 'PUT', '/api/admin/people/tax-fi', admin, {
      version: person.version,
      data: {
        ...person.data,
        skills: [
          { agency: 'tax', language: 'fi' },
          { agency: 'kela', language: 'fi' },
        ],
      },
    });
    expect(changed.status).toBe(200);
    expect(await offer).toMatchObject({ agency: 'kela', language: 'fi' });
    // The offer may come from either process; the other's copy of the directory follows (pushed).
    await until(
      'the other process to reload the directory',
      async () => b.signaling.directory.user('tax-fi')?.skills.length === 2,
    );
    specialist.disconnect();
    point.disconnect();
  });
});
