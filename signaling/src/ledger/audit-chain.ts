/**
 * The audit trail as a hash chain in the ledger database. Each row stores the hash of the row
 * before it and its own hash over its content and that previous hash, so changing, removing or
 * reordering any row breaks the chain from that row on; `verifyAuditChain` recomputes it and names
 * the first row that does not hold. The database also refuses UPDATE, DELETE and TRUNCATE on the
 * table (a trigger, migration 5): the chain is what catches someone who got past that (a superuser
 * disabling the trigger), and a copy of the latest hash held elsewhere catches a rewrite of all of it.
 *
 * Appends are serialised by a transaction-scoped advisory lock: every writer, in every process,
 * reads the last hash and inserts under it, so the chain never forks.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent, AuditRow } from '@etapiste/protocol';
import type { LedgerDatabase, SqlClient } from './database.js';

/** The previous hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Fixed advisory lock key for appending (the migrations use 7_046_311_001). */
export const AUDIT_LOCK_KEY = 7_046_311_002;

interface StoredRow {
  seq: number;
  event_id: string;
  at: Date;
  action: string;
  actor_id: string;
  actor_role: string | null;
  target: string | null;
  address: string | null;
  details: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

/**
 * The hash of a row: SHA-256 over a canonical JSON of its content and the previous hash. Times are
 * normalised to ISO with milliseconds and object keys sorted, so the stored row (jsonb reorders
 * keys) hashes the same as the event that was written.
 */
export function auditHash(event: AuditEvent, prevHash: string): string {
  const content = [
    prevHash,
    event.eventId,
    new Date(event.at).toISOString(),
    event.action,
    event.actor.id,
    event.actor.role ?? null,
    event.target ?? null,
    event.address ?? null,
    event.details ?? null,
  ];
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Appends one event; true when this call wrote it, false when an event with its id is there
 * already (a redelivered job).
 */
export async function appendAudit(db: LedgerDatabase, event: AuditEvent): Promise<boolean> {
  return db.transaction((tx) => appendAuditIn(tx, event));
}

/**
 * Appends one event inside the caller's transaction, so a change and its audit row are committed
 * together or not at all (a correction, an erasure). The chain's lock is then held until that
 * transaction ends: keep it short.
 */
export async function appendAuditIn(tx: SqlClient, event: AuditEvent): Promise<boolean> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const seen = await tx.query('SELECT 1 FROM audit_events WHERE event_id = $1', [event.eventId]);
  if (seen.length > 0) return false;
  const [last] = await tx.query<{ hash: string }>('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.query(
    `INSERT INTO audit_events (event_id, at, action, actor_id, actor_role, target, address, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      event.eventId,
      new Date(event.at).toISOString(),
      event.action,
      event.actor.id,
      event.actor.role ?? null,
      event.target ?? null,
      event.address ?? null,
      event.details === undefined ? null : JSON.stringify(event.details),
      prevHash,
      auditHash(event, prevHash),
    ],
  );
  return true;
}

export interface AuditVerification {
  /** Rows checked. */
  rows: number;
  ok: boolean;
  /** The first row that does not hold, and why. */
  firstBroken?: { seq: number; eventId: string; reason: 'content-changed' | 'chain-broken' };
  /** The hash of the last row: keep a copy elsewhere to detect a rewrite of the whole chain. */
  lastHash: string;
}

/**
 * Where the chain starts: the genesis hash, or, once retention deleted a prefix
 * (retention/audit-pruning.ts), the hash of the last deleted row as an anchor in the chain names
 * it. Undefined when the first row follows neither: rows were removed that no anchor accounts for.
 */
export async function auditChainStart(db: SqlClient): Promise<{ prevHash: string; anchorSeq?: number } | undefined> {
  const [first] = await db.query<{ seq: number; prev_hash: string }>(
    'SELECT seq::float8 AS seq, prev_hash FROM audit_events ORDER BY seq LIMIT 1',
  );
  if (!first || first.prev_hash === GENESIS_HASH) return { prevHash: GENESIS_HASH };
  const [anchor] = await db.query<{ seq: number }>(
    `SELECT seq::float8 AS seq FROM audit_events
      WHERE action = 'audit.retention' AND details->>'throughHash' = $1 AND (details->>'throughSeq')::bigint < $2
      ORDER BY seq DESC LIMIT 1`,
    [first.prev_hash, first.seq],
  );
  return anchor ? { prevHash: first.prev_hash, anchorSeq: anchor.seq } : undefined;
}

/**
 * Recomputes the whole chain in seq order, a page at a time, from its start (auditChainStart): a
 * prefix deleted by retention is accounted for by its anchor, which is verified with the rest.
 */
export async function verifyAuditChain(db: SqlClient, pageSize = 1000): Promise<AuditVerification> {
  const start = await auditChainStart(db);
  if (!start) {
    const [first] = await db.query<{ seq: number; event_id: string }>(
      'SELECT seq::float8 AS seq, event_id FROM audit_events ORDER BY seq LIMIT 1',
    );
    return {
      rows: 1,
      ok: false,
      firstBroken: { seq: first?.seq ?? 0, eventId: first?.event_id ?? '', reason: 'chain-broken' },
      lastHash: GENESIS_HASH,
    };
  }
  let prevHash = start.prevHash;
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db.query<StoredRow>(
      `SELECT seq::float8 AS seq, event_id, at, action, actor_id, actor_role, target, address, details, prev_hash, hash
         FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, pageSize],
    );
    for (const row of page) {
      rows++;
      const event = toRow(row);
      if (row.prev_hash !== prevHash) {
        return {
          rows,
          ok: false,
          firstBroken: { seq: row.seq, eventId: row.event_id, reason: 'chain-broken' },
          lastHash: prevHash,
        };
      }
      if (auditHash(event, row.prev_hash) !== row.hash) {
        return {
          rows,
          ok: false,
          firstBroken: { seq: row.seq, eventId: row.event_id, reason: 'content-changed' },
          lastHash: prevHash,
        };
      }
      prevHash = row.hash;
      after = row.seq;
    }
    if (page.length < pageSize) return { rows, ok: true, lastHash: prevHash };
  }
}

/** Rows for the administrators' view, newest first (or oldest first). */
export async function readAudit(
  db: SqlClient,
  filter: {
    from?: string | undefined;
    to?: string | undefined;
    action?: string | undefined;
    actorId?: string | undefined;
    limit: number;
    beforeSeq?: number | undefined;
    /** `asc` for an export, oldest first; newest first otherwise. */
    order?: 'asc' | 'desc';
  },
): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.from) add('at >= ?', filter.from);
  if (filter.to) add('at < ?', filter.to);
  if (filter.action) add('action = ?', filter.action);
  if (filter.actorId) add('actor_id = ?', filter.actorId);
  if (filter.beforeSeq) add('seq < ?', filter.beforeSeq);
  params.push(filter.limit);
  const rows = await db.query<StoredRow>(
    `SELECT seq::float8 AS seq, event_id, at, action, actor_id, actor_role, target, address, details, prev_hash, hash
       FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq ${filter.order === 'asc' ? 'ASC' : 'DESC'} LIMIT $${params.length}`,
    params,
  );
  return rows.map(toRow);
}

function toRow(row: StoredRow): AuditRow {
  return {
    seq: row.seq,
    eventId: row.event_id,
    at: new Date(row.at).toISOString(),
    action: row.action as AuditRow['action'],
    actor: {
      id: row.actor_id,
      ...(row.actor_role ? { role: row.actor_role as NonNullable<AuditRow['actor']['role']> } : {}),
    },
    ...(row.target !== null ? { target: row.target } : {}),
    ...(row.address !== null ? { address: row.address } : {}),
    ...(row.details !== null ? { details: row.details } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
