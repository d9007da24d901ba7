/**
 * Administration on the real signaling server, with the directory in the database: who may call
 * it, optimistic concurrency, refusals that name their reason and change nothing, a point's device
 * key issued, rotated and revoked (its device signed out), every kind of bad input the issue names
 * refused with a code and nothing written, and the audit of it all. Then a change
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

  it('refuses every kind of bad input of the issue with a code, and writes and audits nothing', async () => {
    const db = h.signaling.ledger?.db;
    if (!db) throw new Error('ledger');
    const kinds = ['agencies', 'municipalities', 'points', 'people'] as const;
    const lists = async () =>
      Object.fromEntries(
        await Promise.all(kinds.map(async (k) => [k, (await call(h, 'GET', `/api/admin/${k}`, admin)).body])),
      );
    const agencies = (await call(h, 'GET', '/api/admin/agencies', admin)).body as unknown as {
      version: number;
      data: Record<string, unknown> & { id: string; topics: unknown[] };
    }[];
    const tax = agencies.find((a) => a.data.id === 'tax');
    if (!tax) throw new Error('tax');
    const before = await lists();
    const startedAt = new Date().toISOString();
    const editTax = (data: Record<string, unknown>) => [
      'PUT',
      '/api/admin/agencies/tax',
      { version: tax.version, data },
    ];
    const person = (data: Record<string, unknown>) => [
      'POST',
      '/api/admin/people',
      {
        data: { id: 'new-1', username: 'new-1', displayName: 'New One', roles: ['expert'], ...data },
        password: 'a-long-enough-password',
      },
    ];
    const refusals: [string, unknown[], number, string][] = [
      // Hours: a day that ends before it starts, and a date given two sets of hours (they would overlap).
      [
        'hours end before start',
        editTax({ ...tax.data, openingHours: { '2': { opens: '12:00', closes: '11:59' } } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'overlapping hours on a date',
        editTax({
          ...tax.data,
          openingExceptions: [
            { date: '2026-12-23', hours: { opens: '08:00', closes: '12:00' } },
            { date: '2026-12-23', hours: { opens: '11:00', closes: '15:00' } },
          ],
        }),
        400,
        'VALIDATION_FAILED',
      ],
      // Duplicate ids: in an agency's own lists, an entry that exists, a username that is taken.
      [
        'duplicate topic id',
        editTax({ ...tax.data, topics: [...tax.data.topics, ...tax.data.topics] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'duplicate outcome id',
        editTax({
          ...tax.data,
          outcomes: [
            { id: 'resolved', name: L('A') },
            { id: 'resolved', name: L('B') },
          ],
        }),
        400,
        'VALIDATION_FAILED',
      ],
      ['duplicate agency', ['POST', '/api/admin/agencies', { data: { ...tax.data } }], 409, 'CONFLICT'],
      [
        'duplicate person id',
        person({ id: 'tax-fi', username: 'someone-new', skills: [{ agency: 'tax', language: 'fi' }] }),
        409,
        'CONFLICT',
      ],
      [
        'duplicate username',
        person({ username: 'TAX-FI', skills: [{ agency: 'tax', language: 'fi' }] }),
        400,
        'VALIDATION_FAILED',
      ],
      // Unknown agency or language.
      ['agency in an unknown language', editTax({ ...tax.data, languages: ['fi', 'de'] }), 400, 'VALIDATION_FAILED'],
      [
        'skill in an unknown agency',
        person({ skills: [{ agency: 'nope', language: 'fi' }] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'skill in an unknown language',
        person({ skills: [{ agency: 'tax', language: 'de' }] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'skill the agency does not serve',
        person({ skills: [{ agency: 'kela', language: 'en' }] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'supervisor of an unknown agency',
        person({ roles: ['supervisor'], agencies: ['nope'] }),
        400,
        'VALIDATION_FAILED',
      ],
      // Names missing in a required language, on each kind that has a name.
      [
        'agency without a Swedish name',
        editTax({ ...tax.data, name: { fi: 'Vero', en: 'Tax' } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'agency with an empty English name',
        editTax({ ...tax.data, name: { fi: 'Vero', sv: 'Skatt', en: '' } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'point without an English name',
        ['POST', '/api/admin/points', { data: { id: 'p-new', name: { fi: 'P', sv: 'P' }, municipalityId: 'p1' } }],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'topic without a Finnish name',
        editTax({ ...tax.data, topics: [{ id: 'new-topic', name: { sv: 'Ämne', en: 'Topic' } }] }),
        400,
        'VALIDATION_FAILED',
      ],
      // Over-long fields.
      [
        'over-long agency name',
        editTax({ ...tax.data, name: { ...L('Vero'), fi: 'V'.repeat(201) } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'over-long display name',
        person({ displayName: 'N'.repeat(101), skills: [{ agency: 'tax', language: 'fi' }] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'over-long point name',
        ['POST', '/api/admin/points', { data: { id: 'p-new', name: L('P'.repeat(201)), municipalityId: 'p1' } }],
        400,
        'VALIDATION_FAILED',
      ],
      [
        'over-long id',
        ['POST', '/api/admin/municipalities', { data: { id: `m${'x'.repeat(60)}`, name: L('M') } }],
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [what, [method, path, body], status, code] of refusals) {
      const refused = await call(h, method as string, path as string, admin, body);
      expect([what, refused.status, refused.body?.error?.code]).toEqual([what, status, code]);
    }
    expect(await lists()).toEqual(before);

    // A key reused after its revocation: refused with a code, the attempt audited, and never issued again.
    await call(h, 'POST', '/api/admin/municipalities', admin, { data: { id: 'enontekio', name: L('Enontekiö') } });
    await call(h, 'POST', '/api/admin/points', admin, {
      data: { id: 'enontekio-1', name: L('Hetta'), municipalityId: 'enontekio' },
    });
    const issued = await call(h, 'POST', '/api/admin/points/enontekio-1/key', admin, { version: 1 });
    const { pointKey } = issued.body as unknown as { pointKey: string };
    await call(h, 'POST', '/api/admin/points/enontekio-1/key/revoke', admin, { version: 2 });
    const reused = await post(h.baseUrl, '/api/auth/point', { pointId: 'enontekio-1', pointKey });
    expect([reused.status, (reused.body.error as { code?: string } | undefined)?.code]).toEqual([
      401,
      'INVALID_CREDENTIALS',
    ]);
    const again = await call(h, 'POST', '/api/admin/points/enontekio-1/key', admin, { version: 3 });
    expect(again.status).toBe(200);
    expect((again.body as unknown as { pointKey: string }).pointKey).not.toBe(pointKey);
    expect((await post(h.baseUrl, '/api/auth/point', { pointId: 'enontekio-1', pointKey })).status).toBe(401);

    // A deactivated point is signed out: its open connection closed, its key refused from then on.
    const newKey = (again.body as unknown as { pointKey: string }).pointKey;
    const signedIn = await post(h.baseUrl, '/api/auth/point', { pointId: 'enontekio-1', pointKey: newKey });
    expect(signedIn.status).toBe(200);
    const device = await connect(h.baseUrl, signedIn.body.accessToken as string);
    const closed = new Promise<void>((resolve) => device.on('disconnect', () => resolve()));
    expect((await call(h, 'POST', '/api/admin/points/enontekio-1/deactivate', admin, { version: 4 })).status).toBe(200);
    await closed;
    expect((await post(h.baseUrl, '/api/auth/point', { pointId: 'enontekio-1', pointKey: newKey })).status).toBe(401);

    // The audit trail has the changes that were made after the refusals and none for a refusal.
    await until(
      'the last key issue audited',
      async () => (await readAudit(db, { action: 'admin.key-issue', from: startedAt, limit: 10 })).length === 2,
    );
    await until(
      'the reused key audited',
      async () => (await readAudit(db, { action: 'auth.point-login-failed', from: startedAt, limit: 10 })).length >= 2,
    );
    const changes = (await readAudit(db, { from: startedAt, limit: 100, order: 'asc' })).filter((r) =>
      r.action.startsWith('admin.'),
    );
    expect(changes.map((r) => [r.action, r.target])).toEqual([
      ['admin.create', 'municipality:enontekio'],
      ['admin.create', 'point:enontekio-1'],
      ['admin.key-issue', 'point:enontekio-1'],
      ['admin.key-revoke', 'point:enontekio-1'],
      ['admin.key-issue', 'point:enontekio-1'],
      ['admin.deactivate', 'point:enontekio-1'],
    ]);
  });

  it('signs a supervisor out when an agency is taken from them, and not for an edit that keeps them', async () => {
    const password = 'a-long-enough-password';
    const created = await call(h, 'POST', '/api/admin/people', admin, {
      data: {
        id: 'sup-9',
        username: 'sup-9',
        displayName: 'Supervisor',
        roles: ['supervisor'],
        agencies: ['tax', 'kela'],
      },
      password,
    });
    expect(created.status).toBe(201);
    const signIn = async () => {
      const login = await post(h.baseUrl, '/api/auth/login', { username: 'sup-9', password });
      expect(login.status).toBe(200);
      return connect(h.baseUrl, login.body.accessToken as string);
    };
    const edit = (version: number, data: Record<string, unknown>) =>
      call(h, 'PUT', '/api/admin/people/sup-9', admin, {
        version,
        data: { id: 'sup-9', username: 'sup-9', roles: ['supervisor'], displayName: 'Supervisor', ...data },
      });

    // A new name, the same agencies: the connection goes on.
    const first = await signIn();
    let dropped = false;
    first.on('disconnect', () => {
      dropped = true;
    });
    const renamed = await edit(1, { displayName: 'Supervisor Two', agencies: ['tax', 'kela'] });
    expect(renamed.status).toBe(200);
    // Its own figures still answer after the edit has settled (its sign-offs, if any, come first).
    expect(dataOf<{ queues: unknown[] }>(await request(first, 'metrics:subscribe', {})).queues.length).toBeGreaterThan(
      0,
    );
    expect(dropped).toBe(false);

    // Kela taken away: signed off at once.
    const closed = new Promise<void>((resolve) => first.on('disconnect', () => resolve()));
    expect((await edit(2, { agencies: ['tax'] })).status).toBe(200);
    await closed;
    first.disconnect();
  });

  it('documents the administration API in the OpenAPI document', async () => {
    const response = await fetch(`${h.baseUrl}/api/openapi.json`);
    const doc = (await response.json()) as {
      tags: { name: string }[];
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    expect(doc.tags.map((t) => t.name)).toContain('admin');
    for (const path of [
      '/api/admin/agencies',
      '/api/admin/agencies/{id}',
      '/api/admin/agencies/{id}/deactivate',
      '/api/admin/municipalities',
      '/api/admin/points/{id}',
      '/api/admin/points/{id}/key',
      '/api/admin/points/{id}/key/revoke',
      '/api/admin/people/{id}',
      '/api/admin/audit',
      '/api/admin/audit.csv',
      '/api/admin/audit/verify',
      '/api/admin/transactions/{sessionId}/corrections',
      '/api/admin/visits/{visitId}/erase',
    ]) {
      expect([path, Object.keys(doc.paths[path] ?? {}).length > 0]).toEqual([path, true]);
    }
    expect(doc.paths['/api/admin/people']?.post?.tags).toEqual(['admin']);
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
    await until('the key rotation audited', async () =>
      (await readAudit(db, { action: 'admin.key-revoke', limit: 5 })).some((r) => r.target === 'point:inari-ivalo'),
    );
    const rows = await readAudit(db, { actorId: 'admin-1', limit: 50 });
    const update = rows.find((r) => r.action === 'admin.update' && r.target === 'agency:tax');
    expect(update?.details).toMatchObject({
      before: { data: { serviceLevelTargetSeconds: 120 } },
      after: { data: { serviceLevelTargetSeconds: 90 } },
    });
    expect(JSON.stringify(rows)).not.toMatch(/argon2|pointKey/);
  });

  // Last in this block: it ends by deactivating tax-fi and p3.
  it('refuses to deactivate a specialist in a session and a point serving a customer, naming why, and writes and audits nothing', async () => {
    const db = h.signaling.ledger?.db;
    if (!db) throw new Error('ledger');
    const startedAt = new Date().toISOString();
    const point = await connect(h.baseUrl, await pointToken(h.signaling, 'p3'));
    const specialist = await connect(h.baseUrl, await tokenFor(h.signaling, 'tax-fi'));
    const offer = nextEvent(specialist, 'offer:incoming');
    dataOf(await request(specialist, 'presence:set', { state: 'available' }));
    const created = dataOf<{ ticket: { visitId: string } }>(
      await request(point, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    const session = dataOf<{ sessionId: string }>(
      await request(specialist, 'offer:accept', { offerId: (await offer).offerId }),
    );

    const entry = async (path: 'people' | 'points', id: string) =>
      (
        (await call(h, 'GET', `/api/admin/${path}`, admin)).body as unknown as {
          version: number;
          active: boolean;
          data: { id: string };
        }[]
      ).find((e) => e.data.id === id);
    const person = await entry('people', 'tax-fi');
    const station = await entry('points', 'p3');
    if (!person || !station) throw new Error('tax-fi or p3');

    expect(
      await call(h, 'POST', '/api/admin/people/tax-fi/deactivate', admin, { version: person.version }),
    ).toMatchObject({ status: 409, body: { error: { code: 'IN_USE', reason: 'specialist-in-session' } } });
    expect(await call(h, 'POST', '/api/admin/points/p3/deactivate', admin, { version: station.version })).toMatchObject(
      { status: 409, body: { error: { code: 'IN_USE', reason: 'point-serving-customer' } } },
    );

    // Nothing written, nobody signed off: both entries as they were, the session goes on.
    expect(await entry('people', 'tax-fi')).toEqual(person);
    expect(await entry('points', 'p3')).toEqual(station);
    expect([specialist.connected, point.connected]).toEqual([true, true]);
    expect(h.signaling.directory.user('tax-fi')).toBeDefined();
    expect(dataOf<{ state: string }>(await request(specialist, 'presence:get', {})).state).toBe('in-session');

    // Wrap-up still counts as serving; once the visit is over, the same deactivations go through.
    dataOf(await request(specialist, 'session:end', { sessionId: session.sessionId }));
    expect(
      (await call(h, 'POST', '/api/admin/people/tax-fi/deactivate', admin, { version: person.version })).body,
    ).toMatchObject({ error: { code: 'IN_USE', reason: 'specialist-in-session' } });
    dataOf(await request(specialist, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    expect(
      (await call(h, 'POST', '/api/admin/points/p3/deactivate', admin, { version: station.version })).body,
    ).toMatchObject({ error: { code: 'IN_USE', reason: 'point-serving-customer' } });
    dataOf(await request(point, 'visit:close', { visitId: created.ticket.visitId }));
    expect(
      (await call(h, 'POST', '/api/admin/people/tax-fi/deactivate', admin, { version: person.version })).status,
    ).toBe(200);
    expect((await call(h, 'POST', '/api/admin/points/p3/deactivate', admin, { version: station.version })).status).toBe(
      200,
    );

    // The audit trail holds the two deactivations that were made, and nothing for the four refused.
    await until(
      'both deactivations audited',
      async () => (await readAudit(db, { action: 'admin.deactivate', from: startedAt, limit: 10 })).length === 2,
    );
    const changes = (await readAudit(db, { from: startedAt, limit: 100, order: 'asc' })).filter((r) =>
      r.action.startsWith('admin.'),
    );
    // Sorted: the audit worker may append two events handed over together in either order.
    expect(changes.map((r) => [r.action, r.target, r.details?.version]).sort()).toEqual([
      ['admin.deactivate', 'person:tax-fi', person.version + 1],
      ['admin.deactivate', 'point:p3', station.version + 1],
    ]);
    specialist.disconnect();
    point.disconnect();
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
