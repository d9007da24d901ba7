/**
 * The explicit seed command's work (`./etapiste seed [file]`, cli/seed.ts): fill an EMPTY directory
 * from a seed file, and refuse when it holds anything. A directory in use is edited through
 * `/api/admin` with versions and before/after in the audit trail; a seed laid over it would
 * overwrite edits silently, so it is never merged.
 *
 * Each entry created is audited as an administrator's creation is (`admin.create`, `kind:id`,
 * version 1, the entry without secrets), in the same transaction as the inserts: the directory is
 * never seeded without its record, nor the record written without the entries.
 */
import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@etapiste/protocol';
import { appendAuditIn } from '../ledger/audit-chain.js';
import type { LedgerDatabase } from '../ledger/database.js';
import { DirectoryStore, withoutSecrets } from './directory-store.js';
import type { Seed } from './seed.js';

export type SeedOutcome =
  | { seeded: true; entries: Record<string, number> }
  /** The directory held `existing` entries (active or not): nothing was written. */
  | { seeded: false; existing: number };

export interface SeedBy {
  actor: AuditActor;
  /** Where the seed came from (a file path), kept with each audit row. */
  source: string;
}

export async function seedEmptyDirectory(db: LedgerDatabase, seed: Seed, by: SeedBy): Promise<SeedOutcome> {
  const store = new DirectoryStore(db);
  const entries: Record<string, number> = {};
  const seeded = await store.importSeed(seed, by.actor.id, async (tx, created) => {
    const at = new Date().toISOString();
    for (const entry of created) {
      entries[entry.kind] = (entries[entry.kind] ?? 0) + 1;
      await appendAuditIn(tx, {
        eventId: randomUUID(),
        at,
        action: 'admin.create',
        actor: by.actor,
        target: `${entry.kind}:${entry.id}`,
        details: {
          version: 1,
          after: { active: true, data: withoutSecrets(entry.doc) },
          seed: by.source.slice(-200),
        },
      });
    }
  });
  return seeded ? { seeded: true, entries } : { seeded: false, existing: await store.count() };
}
