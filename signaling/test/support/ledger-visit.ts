/**
 * For the ledger's end-to-end tests: the real signaling server with the ledger on (PGlite in
 * memory unless a database URL is given), tokens for every role, and a visit served by two
 * agencies in turn (tax, then transferred to kela), so that it makes exactly two transactions.
 */
import type { Principal, Session } from '@etapiste/protocol';
import { parse } from 'csv-parse/sync';
import { ServiceClock } from '../../src/queue/service-clock.js';
import { dataOf } from './acks.js';
import { nextEvent } from './events.js';
import { connect, type Harness, request, startHarness, type TestSocket } from './harness.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from './queue-seed.js';
import { until } from './until.js';

export const LEDGER_EXPERTS: TestExpert[] = [
  { id: 'tax-fi', skills: [{ agency: 'tax', language: 'fi' }] },
  { id: 'kela-fi', skills: [{ agency: 'kela', language: 'fi' }] },
];

export async function startLedgerHarness(env: Record<string, string> = {}): Promise<Harness> {
  return startHarness({
    SEED_FILE: writeQueueSeed(LEDGER_EXPERTS),
    SOCKET_COMMANDS_PER_SECOND: '1000',
    LEDGER_ENABLED: 'true',
    LEDGER_DATA_DIR: 'memory://',
    ...env,
  });
}

export function today(h: Harness): string {
  return new ServiceClock(h.config.TIME_ZONE).day();
}

export async function tokenOf(h: Harness, principal: Omit<Principal, 'capabilities' | 'displayName'>) {
  const capabilities: Principal['capabilities'] =
    principal.role === 'admin' ? ['supervise', 'administer'] : principal.role === 'supervisor' ? ['supervise'] : [];
  return (await h.signaling.tokens.issueAccess({ displayName: principal.id, capabilities, ...principal })).token;
}

export interface ServedVisit {
  visitId: string;
  first: Session;
  second: Session;
  point: TestSocket;
  sockets: TestSocket[];
}

/**
 * Point p1 asks for tax in Finnish; tax-fi answers and transfers to kela; kela-fi answers and ends;
 * both record an outcome. Returns once both transactions are handed to the `transactions` queue.
 */
export async function serveVisitWithTransfer(h: Harness, pointId = 'p1'): Promise<ServedVisit> {
  const point = await connect(h.baseUrl, await pointToken(h.signaling, pointId));
  const tax = await connect(h.baseUrl, await tokenFor(h.signaling, 'tax-fi'));
  const kela = await connect(h.baseUrl, await tokenFor(h.signaling, 'kela-fi'));
  const sockets = [point, tax, kela];

  // An expert still available from an earlier visit is offered at once; only the others sign on.
  const available = async (expert: TestSocket) => {
    const presence = dataOf<{ state: string }>(await request(expert, 'presence:get', {}));
    if (presence.state === 'offline' || presence.state === 'away') {
      dataOf(await request(expert, 'presence:set', { state: 'available' }));
    }
  };
  const taxOffer = nextEvent(tax, 'offer:incoming');
  await available(tax);
  const created = dataOf<{ ticket: { visitId: string } }>(
    await request(point, 'request:create', { agency: 'tax', language: 'fi', topic: 'tax-card' }),
  );
  const first = dataOf<Session>(await request(tax, 'offer:accept', { offerId: (await taxOffer).offerId }));
  const kelaOffer = nextEvent(kela, 'offer:incoming');
  dataOf(await request(tax, 'session:transfer', { sessionId: first.sessionId, agency: 'kela', language: 'fi' }));
  dataOf(await request(tax, 'session:wrap-up', { sessionId: first.sessionId, outcome: 'follow-up' }));
  await available(kela);
  const second = dataOf<Session>(await request(kela, 'offer:accept', { offerId: (await kelaOffer).offerId }));
  dataOf(await request(kela, 'session:end', { sessionId: second.sessionId }));
  dataOf(await request(kela, 'session:wrap-up', { sessionId: second.sessionId, outcome: 'resolved' }));
  await h.signaling.queue.outbox.flush();
  return { visitId: created.ticket.visitId, first, second, point, sockets };
}

/** Waits until the ledger holds `n` rows of `table` matching `where`. */
async function untilRows(h: Harness, table: string, where: string, params: unknown[], n: number, ms: number) {
  const db = h.signaling.ledger?.db;
  if (!db) throw new Error('the ledger is not running in this harness');
  let stored = 0;
  await until(
    () => `${n} rows in ${table} where ${where} (the ledger has ${stored})`,
    async () => {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
      stored = row?.n ?? 0;
      return stored >= n;
    },
    ms,
  );
}

/** Waits until the ledger holds `n` transactions of the visit. */
export function untilStored(h: Harness, visitId: string, n: number, ms = 20_000): Promise<void> {
  return untilRows(h, 'transactions', 'visit_id = $1', [visitId], n, ms);
}

/** Waits until the ledger holds `n` demand events. */
export function untilDemandStored(h: Harness, n: number, ms = 20_000): Promise<void> {
  return untilRows(h, 'demand_events', 'TRUE', [], n, ms);
}

/** CSV text → records of strings, the byte-order mark and header handled. */
export function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/**
 * A JSON row as its CSV record should read: text cells that a spreadsheet would run as a formula
 * (first character = + - @ tab CR, or their full-width forms) carry a leading `'`, as the CSV
 * export writes them; numbers are never changed. Random ids can start with `-` (base64url).
 */
export function asCsvRecord(row: object): Record<string, string> {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string' && /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(v)) return `'${v}`;
    return String(v);
  };
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cell(v)]));
}
