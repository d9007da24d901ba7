/**
 * For the ledger's end-to-end tests: the real signaling server with the ledger on (PGlite in
 * memory unless a database URL is given), tokens for every role, and a visit served by two
 * agencies in turn (tax, then transferred to kela), so that it makes exactly two transactions.
 */
import type { Offer, Principal, Session } from '@etapiste/protocol';
import { ServiceClock } from '../../src/queue/service-clock.js';
import { connect, dataOf, type Harness, request, startHarness, type TestSocket } from './harness.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from './queue-seed.js';

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

export function nextEvent<T>(socket: TestSocket, event: string, ms = 5000): Promise<T> {
  const s = socket as unknown as {
    once: (e: string, l: (p: T) => void) => void;
    off: (e: string, l: unknown) => void;
  };
  return new Promise<T>((resolve, reject) => {
    const listener = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    s.once(event, listener);
  });
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

  const taxOffer = nextEvent<Offer>(tax, 'offer:incoming');
  dataOf(await request(tax, 'presence:set', { state: 'available' }));
  const created = dataOf<{ ticket: { visitId: string } }>(
    await request(point, 'request:create', { agency: 'tax', language: 'fi', topic: 'tax-card' }),
  );
  const first = dataOf<Session>(await request(tax, 'offer:accept', { offerId: (await taxOffer).offerId }));
  dataOf(await request(tax, 'session:transfer', { sessionId: first.sessionId, agency: 'kela', language: 'fi' }));
  dataOf(await request(tax, 'session:wrap-up', { sessionId: first.sessionId, outcome: 'follow-up' }));

  const kelaOffer = nextEvent<Offer>(kela, 'offer:incoming');
  dataOf(await request(kela, 'presence:set', { state: 'available' }));
  const second = dataOf<Session>(await request(kela, 'offer:accept', { offerId: (await kelaOffer).offerId }));
  dataOf(await request(kela, 'session:end', { sessionId: second.sessionId }));
  dataOf(await request(kela, 'session:wrap-up', { sessionId: second.sessionId, outcome: 'resolved' }));
  await h.signaling.queue.outbox.flush();
  return { visitId: created.ticket.visitId, first, second, point, sockets };
}

/** Waits (without asserting on time) until the ledger holds `n` transactions of the visit. */
export async function untilStored(h: Harness, visitId: string, n: number, ms = 20_000): Promise<void> {
  const db = h.signaling.ledger?.db;
  if (!db) throw new Error('the ledger is not running in this harness');
  const deadline = Date.now() + ms;
  for (;;) {
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM transactions WHERE visit_id = $1', [
      visitId,
    ]);
    if ((row?.n ?? 0) >= n) return;
    if (Date.now() > deadline) throw new Error(`the ledger has ${row?.n ?? 0} of ${n} transactions of ${visitId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
