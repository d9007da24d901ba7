/**
 * What the outbox (outbox.ts) relays: transactions, marked in `tx:pending` by the wrap-up script
 * and read from the session's record (sessions/); and demand events, written whole as JSON into the
 * `demand:pending` hash by the cancel script (cancelled, abandoned) or with the denial's MULTI.
 */
import { DemandEvent, type Transaction } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { sessionTransaction } from '../sessions/session-record.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { OutboxChannel } from './outbox.js';

export const TRANSACTIONS_QUEUE = 'transactions';
export const DEMAND_QUEUE = 'demand';

export function transactionChannel(
  redis: Redis,
  keys: Keys,
  sessions: SessionStore,
  log: FastifyBaseLogger,
): OutboxChannel<Transaction> {
  return {
    queue: TRANSACTIONS_QUEUE,
    lease: keys.outboxRelay(TRANSACTIONS_QUEUE),
    pending: (count) => redis.srandmember(keys.pendingTransactions(), count),
    async read(sessionId) {
      const session = await sessions.get(sessionId);
      const parsed = session ? sessionTransaction(session) : undefined;
      if (parsed?.success) return parsed.data;
      log.error({ sessionId, issues: parsed?.error.issues.length }, 'session cannot be a transaction');
      return undefined;
    },
    clear: async (sessionIds) => {
      await redis.srem(keys.pendingTransactions(), ...sessionIds);
    },
    describe: (t) => ({ sessionId: t.sessionId, agency: t.agency, pointId: t.pointId }),
  };
}

export function demandChannel(redis: Redis, keys: Keys, log: FastifyBaseLogger): OutboxChannel<DemandEvent> {
  return {
    queue: DEMAND_QUEUE,
    lease: keys.outboxRelay(DEMAND_QUEUE),
    // HSCAN from the start each time: handed-over fields are deleted, so the next call sees the
    // rest. A page may come back empty (or repeat a field) while the cursor goes on, so the cursor
    // is followed until enough are found or the scan is through. COUNT is a hint (a small hash
    // comes back whole), hence the cut.
    pending: async (count) => {
      const found = new Set<string>();
      let cursor = '0';
      do {
        const [next, flat] = await redis.hscan(keys.pendingDemand(), cursor, 'COUNT', count);
        for (let i = 0; i < flat.length; i += 2) found.add(flat[i] as string);
        cursor = next;
      } while (cursor !== '0' && found.size < count);
      return [...found].slice(0, count);
    },
    async read(eventId) {
      const raw = await redis.hget(keys.pendingDemand(), eventId);
      let stored: Record<string, unknown> = {};
      try {
        stored = JSON.parse(raw ?? '{}') as Record<string, unknown>;
      } catch {
        // Falls through to the schema, which refuses it.
      }
      const { atMs, ...fields } = stored;
      const parsed = DemandEvent.safeParse({
        ...fields,
        eventId,
        at: typeof atMs === 'number' ? new Date(atMs).toISOString() : undefined,
      });
      if (parsed.success) return parsed.data;
      log.error({ eventId, issues: parsed.error.issues.length }, 'pending demand is not a demand event');
      return undefined;
    },
    clear: async (eventIds) => {
      await redis.hdel(keys.pendingDemand(), ...eventIds);
    },
    describe: (e) => ({ kind: e.kind, agency: e.agency, language: e.language, pointId: e.pointId }),
  };
}
