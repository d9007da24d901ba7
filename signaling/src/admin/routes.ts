/**
 * `/api/admin/*`: the directory as administrators edit it, live. Every route needs the `administer`
 * capability; any other caller gets 403 FORBIDDEN and the attempt is audited. Each change:
 *  1. is checked as the whole directory it would make (directory-store.ts) and against what is
 *     happening now (an agency with waiting customers, a specialist in a session: IN_USE with a
 *     reason the console translates);
 *  2. names the version it was made on (a stale one: STALE_VERSION, nothing written);
 *  3. signs off whoever it takes the right from (a point deactivated or re-keyed, a person
 *     deactivated or given another role or password): their tokens are refused from now and their
 *     connections closed, on every process;
 *  4. is announced to every signaling process (directory-sync.ts) and audited with before and after
 *     (secrets left out).
 */
import { randomBytes } from 'node:crypto';
import {
  AdminPoint,
  Agency,
  AgencyEntry,
  AgencyUpdate,
  type AuditAction,
  AuditAction as AuditActionSchema,
  AuditRow,
  type DirectoryKind,
  Municipality,
  MunicipalityEntry,
  MunicipalityUpdate,
  PersonCreate,
  PersonEntry,
  PersonUpdate,
  PointEntry,
  PointKeyIssued,
  PointUpdate,
  type Principal,
  ProtocolError,
  Slug,
  VersionRef,
} from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditTrail } from '../audit/audit-trail.js';
import { principalForUser } from '../auth/principals.js';
import { hashSecret } from '../auth/secrets.js';
import type { TokenFamilies } from '../auth/token-families.js';
import type { TokenService } from '../auth/tokens.js';
import {
  type DirectoryStore,
  type StoredEntry,
  type StoredPointDoc,
  withoutSecrets,
} from '../directory/directory-store.js';
import type { DirectorySync } from '../directory/directory-sync.js';
import { holds, type SeedUser } from '../directory/seed.js';
import { readAudit, verifyAuditChain } from '../ledger/audit-chain.js';
import type { LedgerDatabase } from '../ledger/database.js';
import { principalRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { Redis } from '../redis/connection.js';
import type { Keys } from '../redis/keys.js';
import { bearerPrincipal, identifyFirst } from '../reports/authenticate.js';

export interface AdminRouteDeps {
  tokens: TokenService;
  families: TokenFamilies;
  /** Undefined when this process reads the seed file only (no database): admin answers UNAVAILABLE. */
  store: DirectoryStore | undefined;
  sync: DirectorySync | undefined;
  /** The database the audit trail is in, where this process runs the ledger. */
  ledgerDb: () => LedgerDatabase | undefined;
  audit: AuditTrail;
  io: AppServer;
  redis: Redis;
  keys: Keys;
  /** A specialist's state now (offline, available, in-session…). */
  expertState: (expertId: string) => Promise<string>;
}

const IdParams = z.strictObject({ id: Slug });
const AuditQuery = z.strictObject({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  action: AuditActionSchema.optional(),
  actorId: z.string().max(120).optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const AuditVerification = z.strictObject({
  rows: z.number().int(),
  ok: z.boolean(),
  lastHash: z.string(),
  firstBroken: z
    .strictObject({
      seq: z.number().int(),
      eventId: z.string(),
      reason: z.enum(['content-changed', 'chain-broken']),
    })
    .optional(),
});

/** Specialists in these states are serving or about to: their skills and role stay as they are. */
const BUSY_STATES = new Set(['offered', 'in-session', 'wrap-up']);

export async function adminRoutes(app: FastifyInstance, deps: AdminRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tag = { tags: ['admin'], security: [{ bearerAuth: [] }] };

  // Who is asking is settled before anything else (body validation included): a caller without a
  // valid token gets 401 and a non-administrator 403 whatever they sent.
  const administrator = identifyFirst(app, authorize);

  /** The administrator behind the request; anyone else is refused, and that is audited. */
  async function authorize(request: FastifyRequest): Promise<Principal> {
    const principal = await bearerPrincipal(request, deps.tokens);
    if (!principal.capabilities.includes('administer')) {
      await deps.audit
        .record(
          'admin.forbidden',
          { id: principal.id, role: principal.role },
          { target: `${request.method} ${request.routeOptions.url ?? request.url}`.slice(0, 200), address: request.ip },
        )
        .catch((error: unknown) => request.log.error({ err: error }, 'audit event not recorded'));
      throw new ProtocolError('FORBIDDEN');
    }
    return principal;
  }

  function directoryStore(): DirectoryStore {
    if (!deps.store) throw new ProtocolError('UNAVAILABLE', { reason: 'directory-read-only' });
    return deps.store;
  }

  /** After a write: sign off whoever lost the right, tell every process, record it. */
  async function settle(
    request: FastifyRequest,
    actor: Principal,
    action: AuditAction,
    write: { before: StoredEntry | undefined; after: StoredEntry; revision: number },
    signOff?: { kind: 'user' | 'point'; id: string },
  ): Promise<void> {
    if (signOff) {
      const lifetime = deps.tokens.familyLifetimeSeconds(signOff.kind);
      await deps.families.signOff(signOff.kind, signOff.id, lifetime);
      const before = write.before?.doc as SeedUser | undefined;
      const role = signOff.kind === 'point' ? 'point' : before ? principalForUser(before).role : 'expert';
      deps.io.in(principalRoom({ role, id: signOff.id })).disconnectSockets(true);
    }
    await deps.sync?.announce(write.revision);
    await deps.audit.record(
      action,
      { id: actor.id, role: actor.role },
      {
        target: `${write.after.kind}:${write.after.id}`,
        address: request.ip,
        details: {
          version: write.after.version,
          ...(write.before ? { before: { active: write.before.active, data: withoutSecrets(write.before.doc) } } : {}),
          after: { active: write.after.active, data: withoutSecrets(write.after.doc) },
          ...(signOff ? { signedOff: true } : {}),
        },
      },
    );
  }

  // ── agencies ────────────────────────────────────────────────────────────────────────────────

  api.get('/api/admin/agencies', { schema: { ...tag, response: { 200: z.array(AgencyEntry) } } }, async (request) => {
    await administrator(request);
    return (await directoryStore().list('agency')).map((e) => ({ ...meta(e), data: e.doc as Agency }));
  });

  api.post(
    '/api/admin/agencies',
    { schema: { ...tag, body: z.strictObject({ data: Agency }), response: { 201: AgencyEntry } } },
    async (request, reply) => {
      const actor = await administrator(request);
      const { data } = request.body;
      const write = await directoryStore().write({ kind: 'agency', id: data.id, doc: data, expected: 'new' }, actor.id);
      await settle(request, actor, 'admin.create', write);
      return reply.status(201).send({ ...meta(write.after), data });
    },
  );

  api.put(
    '/api/admin/agencies/:id',
    { schema: { ...tag, params: IdParams, body: AgencyUpdate, response: { 200: AgencyEntry } } },
    async (request) => {
      const actor = await administrator(request);
      const { version, data } = request.body;
      sameId(request.params.id, data.id);
      const write = await directoryStore().write(
        { kind: 'agency', id: data.id, doc: data, expected: version },
        actor.id,
        async (_candidate, before) => {
          const removed =
            (before?.doc as Agency | undefined)?.languages.filter((l) => !data.languages.includes(l)) ?? [];
          await refuseIfWaiting(data.id, removed);
        },
      );
      await settle(request, actor, 'admin.update', write);
      return { ...meta(write.after), data };
    },
  );

  // ── municipalities ──────────────────────────────────────────────────────────────────────────

  api.get(
    '/api/admin/municipalities',
    { schema: { ...tag, response: { 200: z.array(MunicipalityEntry) } } },
    async (request) => {
      await administrator(request);
      return (await directoryStore().list('municipality')).map((e) => ({ ...meta(e), data: e.doc as Municipality }));
    },
  );

  api.post(
    '/api/admin/municipalities',
    { schema: { ...tag, body: z.strictObject({ data: Municipality }), response: { 201: MunicipalityEntry } } },
    async (request, reply) => {
      const actor = await administrator(request);
      const { data } = request.body;
      const write = await directoryStore().write(
        { kind: 'municipality', id: data.id, doc: data, expected: 'new' },
        actor.id,
      );
      await settle(request, actor, 'admin.create', write);
      return reply.status(201).send({ ...meta(write.after), data });
    },
  );

  api.put(
    '/api/admin/municipalities/:id',
    { schema: { ...tag, params: IdParams, body: MunicipalityUpdate, response: { 200: MunicipalityEntry } } },
    async (request) => {
      const actor = await administrator(request);
      const { version, data } = request.body;
      sameId(request.params.id, data.id);
      const write = await directoryStore().write(
        { kind: 'municipality', id: data.id, doc: data, expected: version },
        actor.id,
      );
      await settle(request, actor, 'admin.update', write);
      return { ...meta(write.after), data };
    },
  );

  // ── service points and their device keys ────────────────────────────────────────────────────

  api.get('/api/admin/points', { schema: { ...tag, response: { 200: z.array(PointEntry) } } }, async (request) => {
    await administrator(request);
    const store = directoryStore();
    const municipalities = new Map(
      (await store.list('municipality')).map((m) => [m.id, (m.doc as Municipality).name] as const),
    );
    return (await store.list('point')).map((e) => pointEntry(e, municipalities));
  });

  api.post(
    '/api/admin/points',
    { schema: { ...tag, body: z.strictObject({ data: AdminPoint }), response: { 201: PointEntry } } },
    async (request, reply) => {
      const actor = await administrator(request);
      const { data } = request.body;
      const doc: StoredPointDoc = { id: data.id, name: data.name, municipalityId: data.municipalityId };
      const write = await directoryStore().write({ kind: 'point', id: data.id, doc, expected: 'new' }, actor.id);
      await settle(request, actor, 'admin.create', write);
      return reply.status(201).send(pointEntry(write.after, municipalityNames(write.seed)));
    },
  );

  api.put(
    '/api/admin/points/:id',
    { schema: { ...tag, params: IdParams, body: PointUpdate, response: { 200: PointEntry } } },
    async (request) => {
      const actor = await administrator(request);
      const { version, data } = request.body;
      sameId(request.params.id, data.id);
      const store = directoryStore();
      const current = await store.get('point', data.id);
      const keyHash = (current?.doc as StoredPointDoc | undefined)?.keyHash;
      const doc: StoredPointDoc = { ...data, ...(keyHash ? { keyHash } : {}) };
      const write = await store.write({ kind: 'point', id: data.id, doc, expected: version }, actor.id);
      await settle(request, actor, 'admin.update', write);
      return pointEntry(write.after, municipalityNames(write.seed));
    },
  );

  /** Issues a new device key (rotation when one was in force): shown in this answer only. */
  api.post(
    '/api/admin/points/:id/key',
    { schema: { ...tag, params: IdParams, body: VersionRef, response: { 200: PointKeyIssued } } },
    async (request) => {
      const actor = await administrator(request);
      const store = directoryStore();
      const current = await store.get('point', request.params.id);
      if (!current) throw new ProtocolError('NOT_FOUND');
      const pointKey = randomBytes(24).toString('base64url');
      const doc: StoredPointDoc = { ...(current.doc as StoredPointDoc), keyHash: await hashSecret(pointKey) };
      const write = await store.write({ kind: 'point', id: current.id, doc, expected: request.body.version }, actor.id);
      await settle(request, actor, 'admin.key-issue', write, { kind: 'point', id: current.id });
      return { pointId: current.id, pointKey, version: write.after.version };
    },
  );

  /** Revokes the device key: the device is signed out within seconds and cannot sign in again. */
  api.post(
    '/api/admin/points/:id/key/revoke',
    { schema: { ...tag, params: IdParams, body: VersionRef, response: { 200: PointEntry } } },
    async (request) => {
      const actor = await administrator(request);
      const store = directoryStore();
      const current = await store.get('point', request.params.id);
      if (!current) throw new ProtocolError('NOT_FOUND');
      const { keyHash: _revoked, ...doc } = current.doc as StoredPointDoc;
      const write = await store.write({ kind: 'point', id: current.id, doc, expected: request.body.version }, actor.id);
      await settle(request, actor, 'admin.key-revoke', write, { kind: 'point', id: current.id });
      return pointEntry(write.after, municipalityNames(write.seed));
    },
  );

  // ── people ──────────────────────────────────────────────────────────────────────────────────

  api.get('/api/admin/people', { schema: { ...tag, response: { 200: z.array(PersonEntry) } } }, async (request) => {
    await administrator(request);
    return (await directoryStore().list('person')).map(personEntry);
  });

  api.post(
    '/api/admin/people',
    { schema: { ...tag, body: PersonCreate, response: { 201: PersonEntry } } },
    async (request, reply) => {
      const actor = await administrator(request);
      const { data, password } = request.body;
      const doc: SeedUser = { ...data, passwordHash: await hashSecret(password) };
      const write = await directoryStore().write({ kind: 'person', id: data.id, doc, expected: 'new' }, actor.id);
      await settle(request, actor, 'admin.create', write);
      return reply.status(201).send(personEntry(write.after));
    },
  );

  api.put(
    '/api/admin/people/:id',
    { schema: { ...tag, params: IdParams, body: PersonUpdate, response: { 200: PersonEntry } } },
    async (request) => {
      const actor = await administrator(request);
      const { version, data, password } = request.body;
      sameId(request.params.id, data.id);
      const store = directoryStore();
      const current = await store.get('person', data.id);
      const before = current?.doc as SeedUser | undefined;
      const passwordHash = password ? await hashSecret(password) : before?.passwordHash;
      if (!passwordHash) throw new ProtocolError('NOT_FOUND');
      const doc: SeedUser = { ...data, passwordHash };
      const write = await store.write({ kind: 'person', id: data.id, doc, expected: version }, actor.id, async () => {
        const roleChanged = before !== undefined && !sameRoles(before.roles, data.roles);
        const skillsRemoved = before?.skills.some(
          (s) => !data.skills.some((t) => t.agency === s.agency && t.language === s.language),
        );
        if (before && holds(before, 'expert') && (roleChanged || skillsRemoved)) await refuseIfServing(data.id);
      });
      // A supervisor's agencies travel in their token and scope their pushes for as long as a socket
      // lives: one that loses an agency is signed off, as after a change of roles, so that nothing
      // of that agency reaches them on the token they hold.
      const agenciesRemoved =
        before !== undefined &&
        holds(before, 'supervisor') &&
        (before.agencies ?? []).some((agency) => !(data.agencies ?? []).includes(agency));
      const signOff =
        before && (!sameRoles(before.roles, data.roles) || password || agenciesRemoved)
          ? { kind: 'user' as const, id: data.id }
          : undefined;
      await settle(request, actor, 'admin.update', write, signOff);
      return personEntry(write.after);
    },
  );

  // ── deactivating and activating any kind ────────────────────────────────────────────────────

  const kinds: Record<string, DirectoryKind> = {
    agencies: 'agency',
    municipalities: 'municipality',
    points: 'point',
    people: 'person',
  };
  for (const [path, kind] of Object.entries(kinds)) {
    for (const active of [false, true]) {
      api.post(
        `/api/admin/${path}/:id/${active ? 'activate' : 'deactivate'}`,
        { schema: { ...tag, params: IdParams, body: VersionRef } },
        async (request) => {
          const actor = await administrator(request);
          const { id } = request.params;
          const write = await directoryStore().write(
            { kind, id, active, expected: request.body.version },
            actor.id,
            async (_candidate, before) => {
              if (active || !before?.active) return;
              if (kind === 'agency') await refuseIfWaiting(id, (before.doc as Agency).languages);
              if (kind === 'person' && holds(before.doc as SeedUser, 'expert')) await refuseIfServing(id);
              if (kind === 'point' && (await deps.redis.exists(deps.keys.pointOpenVisit(id))) === 1)
                throw new ProtocolError('IN_USE', { reason: 'point-serving-customer' });
            },
          );
          const signOff =
            !active && (kind === 'point' || kind === 'person')
              ? { kind: kind === 'point' ? ('point' as const) : ('user' as const), id }
              : undefined;
          await settle(request, actor, active ? 'admin.update' : 'admin.deactivate', write, signOff);
          return { id, version: write.after.version, active: write.after.active };
        },
      );
    }
  }

  // ── the audit trail ─────────────────────────────────────────────────────────────────────────

  api.get(
    '/api/admin/audit',
    { schema: { ...tag, querystring: AuditQuery, response: { 200: z.array(AuditRow) } } },
    async (request) => {
      const actor = await administrator(request);
      const db = deps.ledgerDb();
      if (!db) throw new ProtocolError('UNAVAILABLE');
      const rows = await readAudit(db, request.query);
      // Reading who did what is itself recorded, before it is answered (as every report read is).
      await deps.audit
        .record(
          'report.view',
          { id: actor.id, role: actor.role },
          {
            target: 'report:audit',
            address: request.ip,
            details: { filters: request.query, format: 'json', rows: rows.length },
          },
        )
        .catch(() => {
          throw new ProtocolError('UNAVAILABLE');
        });
      return rows;
    },
  );

  api.get('/api/admin/audit/verify', { schema: { ...tag, response: { 200: AuditVerification } } }, async (request) => {
    await administrator(request);
    const db = deps.ledgerDb();
    if (!db) throw new ProtocolError('UNAVAILABLE');
    return verifyAuditChain(db);
  });

  async function refuseIfWaiting(agency: string, languages: readonly string[]): Promise<void> {
    for (const language of languages) {
      if ((await deps.redis.zcard(deps.keys.queue(agency, language))) > 0)
        throw new ProtocolError('IN_USE', { reason: 'agency-has-waiting-customers' });
    }
  }

  async function refuseIfServing(expertId: string): Promise<void> {
    if (BUSY_STATES.has(await deps.expertState(expertId)))
      throw new ProtocolError('IN_USE', { reason: 'specialist-in-session' });
  }
}

function sameId(inPath: string, inBody: string): void {
  if (inPath !== inBody) throw new ProtocolError('VALIDATION_FAILED', { fields: ['data.id'], reason: 'id-mismatch' });
}

function meta(entry: StoredEntry) {
  return {
    version: entry.version,
    active: entry.active,
    updatedAt: entry.updatedAt,
    ...(entry.updatedBy ? { updatedBy: entry.updatedBy } : {}),
  };
}

function pointEntry(entry: StoredEntry, municipalities: Map<string, Municipality['name']>) {
  const { keyHash, municipalityId, ...doc } = entry.doc as StoredPointDoc;
  return {
    ...meta(entry),
    data: { ...doc, municipalityId, municipality: municipalities.get(municipalityId) ?? doc.name },
    hasKey: keyHash !== undefined,
  };
}

function personEntry(entry: StoredEntry) {
  const { passwordHash, ...data } = entry.doc as SeedUser;
  return { ...meta(entry), data, hasPassword: passwordHash.length > 0 };
}

function municipalityNames(seed: { municipalities: Municipality[] }): Map<string, Municipality['name']> {
  return new Map(seed.municipalities.map((m) => [m.id, m.name]));
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
