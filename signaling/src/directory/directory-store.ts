/**
 * The directory in the database: agencies, municipalities, service points and people, one row per
 * entry (`directory_entries`, ledger migration 7). The seed file only fills an empty directory.
 *
 * A change is checked as the directory it would make: the candidate (every active entry, with the
 * change applied) must pass the same schema and cross-checks as a seed file (seed.ts), so a skill
 * naming a deactivated agency, two people with one username or a point in an unknown municipality
 * are refused with the issue named, and nothing is written. Writes are serialised by an advisory
 * lock; each entry's `version` makes a stale edit a STALE_VERSION refusal instead of an overwrite;
 * every change raises one directory-wide revision, which the other processes follow
 * (directory-sync.ts).
 */
import { type DirectoryKind, ProtocolError } from '@etapiste/protocol';
import type { LedgerDatabase, SqlClient } from '../ledger/database.js';
import { Seed, type SeedMunicipality, type SeedPoint, type SeedUser } from './seed.js';

/** Fixed advisory lock key for directory writes (7_046_311_001 migrations, …002 audit). */
const DIRECTORY_LOCK_KEY = 7_046_311_003;

/** A stored point: its municipality by id; the names a client sees are filled in from it. */
export interface StoredPointDoc {
  id: string;
  name: SeedPoint['name'];
  municipalityId: string;
  keyHash?: string | undefined;
}

export type StoredDoc = Seed['agencies'][number] | SeedMunicipality | StoredPointDoc | SeedUser;

export interface StoredEntry<D = StoredDoc> {
  kind: DirectoryKind;
  id: string;
  version: number;
  active: boolean;
  doc: D;
  updatedAt: string;
  updatedBy: string | undefined;
}

interface Row {
  kind: DirectoryKind;
  id: string;
  version: number;
  active: boolean;
  doc: StoredDoc;
  updated_at: Date;
  updated_by: string | null;
}

/** An entry a seed import created (version 1, active). */
export interface SeededEntry {
  kind: DirectoryKind;
  id: string;
  doc: StoredDoc;
}

export interface DirectoryChange {
  kind: DirectoryKind;
  id: string;
  /** The new document; absent keeps the stored one (an activation change only). */
  doc?: StoredDoc;
  active?: boolean;
  /** `new`: the entry must not exist yet; a number: the version the edit was made on. */
  expected: number | 'new';
}

export interface DirectoryWrite {
  before: StoredEntry | undefined;
  after: StoredEntry;
  revision: number;
  /** The directory as it is after the change. */
  seed: Seed;
}

export class DirectoryStore {
  constructor(private readonly db: LedgerDatabase) {}

  async isEmpty(): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM directory_entries LIMIT 1');
    return rows.length === 0;
  }

  /**
   * Fills an empty directory from a seed; does nothing when it holds anything already. `record`
   * runs in the same transaction after the inserts (the seed command audits each entry there), so
   * the entries and their record are committed together or not at all.
   */
  async importSeed(
    seed: Seed,
    actor = 'seed',
    record?: (tx: SqlClient, created: SeededEntry[]) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [DIRECTORY_LOCK_KEY]);
      if ((await tx.query('SELECT 1 FROM directory_entries LIMIT 1')).length > 0) return false;
      const docs: [DirectoryKind, StoredDoc][] = [
        ...seed.agencies.map((a): [DirectoryKind, StoredDoc] => ['agency', a]),
        ...seedMunicipalities(seed).map((m): [DirectoryKind, StoredDoc] => ['municipality', m]),
        ...seed.points.map((p): [DirectoryKind, StoredDoc] => ['point', storedPoint(p, seed)]),
        ...seed.users.map((u): [DirectoryKind, StoredDoc] => ['person', u]),
      ];
      for (const [kind, doc] of docs) {
        await tx.query(`INSERT INTO directory_entries (kind, id, doc, updated_by) VALUES ($1, $2, $3, $4)`, [
          kind,
          doc.id,
          JSON.stringify(doc),
          actor,
        ]);
      }
      await tx.query('UPDATE directory_revision SET revision = revision + 1');
      await record?.(
        tx,
        docs.map(([kind, doc]) => ({ kind, id: doc.id, doc })),
      );
      return true;
    });
  }

  /** How many entries the directory holds, active or not. */
  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM directory_entries');
    return row?.n ?? 0;
  }

  async revision(client: SqlClient = this.db): Promise<number> {
    const [row] = await client.query<{ revision: number }>(
      'SELECT revision::float8 AS revision FROM directory_revision',
    );
    return row?.revision ?? 0;
  }

  /** The active directory and the revision it is at, read in one transaction. */
  async snapshot(): Promise<{ revision: number; seed: Seed }> {
    return this.db.transaction(async (tx) => {
      const revision = await this.revision(tx);
      return { revision, seed: toSeed(await this.#rows(tx)) };
    });
  }

  async list(kind: DirectoryKind): Promise<StoredEntry[]> {
    const rows = await this.db.query<Row>(
      'SELECT kind, id, version, active, doc, updated_at, updated_by FROM directory_entries WHERE kind = $1 ORDER BY id',
      [kind],
    );
    return rows.map(toEntry);
  }

  async get(kind: DirectoryKind, id: string): Promise<StoredEntry | undefined> {
    const [row] = await this.db.query<Row>(
      'SELECT kind, id, version, active, doc, updated_at, updated_by FROM directory_entries WHERE kind = $1 AND id = $2',
      [kind, id],
    );
    return row ? toEntry(row) : undefined;
  }

  /**
   * Applies one change if the directory it makes is valid; `check` may refuse it for reasons the
   * database does not know (a specialist in a session). Nothing is written when anything refuses.
   */
  async write(
    change: DirectoryChange,
    actor: string,
    check: (candidate: Seed, before: StoredEntry | undefined) => Promise<void> = async () => undefined,
  ): Promise<DirectoryWrite> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [DIRECTORY_LOCK_KEY]);
      const rows = await this.#rows(tx);
      const index = rows.findIndex((r) => r.kind === change.kind && r.id === change.id);
      const current = index >= 0 ? rows[index] : undefined;
      if (change.expected === 'new' && current) {
        throw new ProtocolError('CONFLICT', {
          reason: 'already-exists',
          message: `${change.kind} ${change.id} exists`,
        });
      }
      if (change.expected !== 'new') {
        if (!current) throw new ProtocolError('NOT_FOUND');
        if (current.version !== change.expected) throw new ProtocolError('STALE_VERSION');
      }
      const doc = change.doc ?? current?.doc;
      if (!doc) throw new ProtocolError('VALIDATION_FAILED', { fields: ['data'] });
      const next: Row = {
        kind: change.kind,
        id: change.id,
        version: (current?.version ?? 0) + 1,
        active: change.active ?? current?.active ?? true,
        doc,
        updated_at: new Date(),
        updated_by: actor,
      };
      const candidateRows = current ? rows.map((r, i) => (i === index ? next : r)) : [...rows, next];
      const candidate = validSeed(candidateRows);
      await check(candidate, current ? toEntry(current) : undefined);
      await tx.query(
        `INSERT INTO directory_entries (kind, id, version, active, doc, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, now(), $6)
         ON CONFLICT (kind, id) DO UPDATE
           SET version = EXCLUDED.version, active = EXCLUDED.active, doc = EXCLUDED.doc,
               updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [next.kind, next.id, next.version, next.active, JSON.stringify(next.doc), actor],
      );
      const [bumped] = await tx.query<{ revision: number }>(
        'UPDATE directory_revision SET revision = revision + 1 RETURNING revision::float8 AS revision',
      );
      return {
        before: current ? toEntry(current) : undefined,
        after: toEntry(next),
        revision: bumped?.revision ?? 0,
        seed: candidate,
      };
    });
  }

  async #rows(client: SqlClient): Promise<Row[]> {
    return client.query<Row>(
      'SELECT kind, id, version, active, doc, updated_at, updated_by FROM directory_entries ORDER BY kind, id',
    );
  }
}

function toEntry(row: Row): StoredEntry {
  return {
    kind: row.kind,
    id: row.id,
    version: row.version,
    active: row.active,
    doc: row.doc,
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.updated_by ?? undefined,
  };
}

/** The active entries as a seed-shaped directory (points with their municipality's names). */
function toSeed(rows: Row[]): Seed {
  const active = (kind: DirectoryKind) => rows.filter((r) => r.kind === kind && r.active).map((r) => r.doc);
  const municipalities = active('municipality') as SeedMunicipality[];
  const byId = new Map(municipalities.map((m) => [m.id, m]));
  return {
    agencies: active('agency') as Seed['agencies'],
    municipalities,
    points: (active('point') as StoredPointDoc[]).map((p) => ({
      id: p.id,
      name: p.name,
      municipalityId: p.municipalityId,
      // A point in an unknown municipality is refused by validSeed; here it only must not crash.
      municipality: byId.get(p.municipalityId)?.name ?? p.name,
      ...(p.keyHash ? { keyHash: p.keyHash } : {}),
    })),
    users: active('person') as SeedUser[],
  };
}

/** The candidate directory, checked as a seed file is; refused with the issues named. */
function validSeed(rows: Row[]): Seed {
  const seed = toSeed(rows);
  const parsed = Seed.safeParse(seed);
  if (!parsed.success) {
    throw new ProtocolError('VALIDATION_FAILED', {
      reason: 'invalid-directory',
      message: parsed.error.issues.map((i) => i.message).join('; '),
      fields: parsed.error.issues.map((i) => i.path.join('.')),
    });
  }
  return parsed.data;
}

/** Municipalities of a seed: those it lists, and one per municipality name its points give. */
function seedMunicipalities(seed: Seed): SeedMunicipality[] {
  const found = new Map(seed.municipalities.map((m) => [m.id, m]));
  for (const point of seed.points) {
    const id = point.municipalityId ?? slugOf(point.municipality.fi);
    if (!found.has(id)) found.set(id, { id, name: point.municipality });
  }
  return [...found.values()];
}

function storedPoint(point: SeedPoint, seed: Seed): StoredPointDoc {
  const municipalityId =
    point.municipalityId ??
    seedMunicipalities(seed).find((m) => m.name.fi === point.municipality.fi)?.id ??
    slugOf(point.municipality.fi);
  return { id: point.id, name: point.name, municipalityId, ...(point.keyHash ? { keyHash: point.keyHash } : {}) };
}

/** A stored document as the audit trail may show it: a point's key hash and a password hash left out. */
export function withoutSecrets(doc: object): object {
  const { keyHash: _k, passwordHash: _p, ...rest } = doc as Record<string, unknown>;
  return rest;
}

/** A municipality's name as an id: `Pedersören kunta` → `pedersoren-kunta`. */
export function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return /^[a-z]/.test(slug) ? slug : `m-${slug}`.slice(0, 40);
}
