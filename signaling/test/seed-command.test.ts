/**
 * `./etapiste seed [file]` as an operator runs it, on both ledger databases: a bad seed file is
 * refused with the issue named and touches nothing; an empty directory is filled from the seed
 * (SEED_FILE's when no file is given), every entry audited as an administrator's creation is and
 * without secrets; a directory that holds entries is refused with a clear message, nothing written
 * and nothing audited.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { slugOf } from '../src/directory/directory-store.js';
import { loadSeed } from '../src/directory/seed.js';
import { readAudit, verifyAuditChain } from '../src/ledger/audit-chain.js';
import { type LedgerDatabase, openDatabase } from '../src/ledger/database.js';
import { migrate } from '../src/ledger/migrator.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from './support/ledger-databases.js';
import { writeQueueSeed } from './support/queue-seed.js';

jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const DEMO_SEED = join(root, 'infra/seed/demo.yaml');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface EntryRow {
  kind: string;
  id: string;
  version: number;
  active: boolean;
  updated_by: string;
}

describe.each(BACKENDS)('the seed command on %s', (backend) => {
  let database: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  let dataDir: string | undefined;

  beforeAll(async () => {
    const { DATABASE_URL: _given, ...rest } = process.env;
    if (backend === 'postgres') {
      database = await createTestDatabase('postgres');
      env = { ...rest, DATABASE_URL: database.url };
    } else {
      // On disk: the command is another process, and PGlite's folder has one user at a time.
      dataDir = join(mkdtempSync(join(tmpdir(), 'etapiste-seed-cmd-')), 'ledger');
      env = { ...rest, LEDGER_DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await database?.drop();
    if (dataDir) rmSync(dirname(dataDir), { recursive: true, force: true });
  });

  async function seedCommand(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Run> {
    const run = promisify(execFile);
    return run(process.execPath, ['--import', 'tsx', 'signaling/src/cli/seed.ts', ...args], {
      cwd: root,
      env: { ...env, ...extra },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: String(error.stdout),
        stderr: String(error.stderr),
      }),
    );
  }

  /**
   * Reads the database between runs (PGlite: opened only while the command is not running),
   * migrated first: a command refused before it opened the database left it as it was.
   */
  async function inspect<T>(read: (db: LedgerDatabase) => Promise<T>): Promise<T> {
    const db = database ? await database.open() : await openDatabase({ dataDir: dataDir as string });
    try {
      await migrate(db);
      return await read(db);
    } finally {
      await db.close();
    }
  }

  const state = (db: LedgerDatabase) =>
    Promise.all([
      db.query<EntryRow>('SELECT kind, id, version, active, updated_by FROM directory_entries ORDER BY kind, id'),
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events').then((rows) => rows[0]?.n),
      db.query<{ r: number }>('SELECT revision::float8 AS r FROM directory_revision').then((rows) => rows[0]?.r),
    ]).then(([entries, auditRows, revision]) => ({ entries, auditRows, revision }));

  it('refuses an invalid or missing seed file, naming the issue, and touches nothing', async () => {
    const invalid = parse(readFileSync(writeQueueSeed([{ id: 'tax-fi', skills: [] }]), 'utf8')) as {
      users: { skills: unknown[] }[];
    };
    (invalid.users[0] as { skills: unknown[] }).skills = [{ agency: 'nope', language: 'fi' }];
    const file = join(mkdtempSync(join(tmpdir(), 'etapiste-bad-seed-')), 'seed.yaml');
    writeFileSync(file, stringify(invalid));

    const refused = await seedCommand([file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/could not seed the directory: .*seed\.yaml is not valid/);
    expect(refused.stderr).toMatch(/tax-fi: unknown agency nope/);

    const missing = await seedCommand([join(tmpdir(), 'no-such-seed.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/could not seed the directory: .*no-such-seed\.yaml/);

    expect(await inspect(state)).toEqual({ entries: [], auditRows: 0, revision: 0 });
  });

  it("fills an empty directory from SEED_FILE's seed, each entry audited as created, without secrets", async () => {
    const ran = await seedCommand([], { SEED_FILE: DEMO_SEED });
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    const seed = await loadSeed(DEMO_SEED);
    expect(ran.stdout).toContain(
      `seeded the directory from ${DEMO_SEED}: agency ${seed.agencies.length}, ` +
        `municipality ${new Set(seed.points.map((p) => p.municipalityId ?? slugOf(p.municipality.fi))).size}, ` +
        `point ${seed.points.length}, person ${seed.users.length}`,
    );

    await inspect(async (db) => {
      const { entries, revision } = await state(db);
      const ids = (kind: string) => entries.filter((e) => e.kind === kind).map((e) => e.id);
      expect(ids('agency')).toEqual(seed.agencies.map((a) => a.id).sort());
      expect(ids('point')).toEqual(seed.points.map((p) => p.id).sort());
      expect(ids('person')).toEqual(seed.users.map((u) => u.id).sort());
      expect(ids('municipality').length).toBeGreaterThan(0);
      expect(entries.every((e) => e.version === 1 && e.active)).toBe(true);
      const actor = entries[0]?.updated_by;
      expect(actor).toMatch(/^seed-command:.+/);
      expect(entries.every((e) => e.updated_by === actor)).toBe(true);
      expect(revision).toBe(1);

      // One admin.create per entry, as an administrator's creation is recorded; no hash, no key.
      const rows = await readAudit(db, { limit: 500, order: 'asc' });
      expect(rows.map((r) => r.target).sort()).toEqual(entries.map((e) => `${e.kind}:${e.id}`).sort());
      for (const row of rows) {
        expect(row).toMatchObject({
          action: 'admin.create',
          actor: { id: actor },
          details: { version: 1, after: { active: true }, seed: DEMO_SEED },
        });
      }
      const person = rows.find((r) => r.target === `person:${seed.users[0]?.id}`);
      expect(person?.details).toMatchObject({ after: { data: { username: seed.users[0]?.username } } });
      expect(JSON.stringify(rows)).not.toMatch(/argon2|passwordHash|keyHash/);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: entries.length });
    });
  });

  it('refuses a directory that holds entries with a clear message, and writes and audits nothing', async () => {
    const before = await inspect(state);
    const other = writeQueueSeed([{ id: 'tax-fi', skills: [{ agency: 'tax', language: 'fi' }] }]);

    const refused = await seedCommand([other]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      `the directory already holds ${before.entries.length} entries; nothing was written. The seed fills an empty directory only`,
    );
    // The same seed again is refused as well: a seed is never laid over a directory in use.
    expect((await seedCommand([], { SEED_FILE: DEMO_SEED })).code).toBe(1);

    expect(await inspect(state)).toEqual(before);
  });
});
