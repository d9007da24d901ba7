/**
 * What the outbox (outbox.ts) relays: transactions, written whole as JSON (the session's record)
 * into the `tx:outbox` hash by the script that records the outcome; and demand events, written
 * whole as JSON into the `demand:pending` hash by the cancel script (cancelled, abandoned) or with
 * the denial's MULTI. Both are read a page at a time with their values, so the relay reads nothing
 * per record.
 */
import { DemandEvent, type Transaction } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { parseSessionRecord, sessionTransaction } from '../sessions/session-record.js';
import type { OutboxChannel, PendingRecord } from './outbox.js';

export const TRANSACTIONS_QUEUE = 'transactions';
export const DEMAND_QUEUE = 'demand';

/**
 * Up to `count` fields of a hash of pending records, with their values. HSCAN from the start each
 * time: handed-over fields are deleted, so the next call sees the rest. A page may come back empty
 * (or repeat a field) while the cursor goes on, so the cursor is followed until enough are found or
 * the scan is through. COUNT is a hint (a small hash comes back whole), hence the cut.
 */
async function scanPending(redis: Redis, key: string, count: number): Promise<[string, string][]> {
  const found = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', count);
    for (let i = 0; i + 1 < flat.length; i += 2) found.set(flat[i] as string, flat[i + 1] as string);
    cursor = next;
  } while (cursor !== '0' && found.size < count);
  return [...found].slice(0, count);
}

/** A pending record's JSON as an object; an empty one (which its schema refuses) when it is not JSON. */
function parseObject(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function transactionChannel(redis: Redis, keys: Keys, log: FastifyBaseLogger): OutboxChannel<Transaction> {
  return {
    queue: TRANSACTIONS_QUEUE,
    lease: keys.outboxRelay(TRANSACTIONS_QUEUE),
    async pending(count) {
      return (await scanPending(redis, keys.pendingTransactions(), count)).map(([sessionId, raw]) => {
        // The script wrote the session's hash as it was, every value a string.
        const fields = Object.fromEntries(
          Object.entries(parseObject(raw)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        );
        const session = parseSessionRecord(sessionId, fields);
        const parsed = session ? sessionTransaction(session) : undefined;
        if (parsed?.success) return { id: sessionId, record: parsed.data };
        log.error({ sessionId, issues: parsed?.error.issues.length }, 'session cannot be a transaction');
        return { id: sessionId, record: undefined } satisfies PendingRecord<Transaction>;
      });
    },
    clear: async (sessionIds) => {
      await redis.hdel(keys.pendingTransactions(), ...sessionIds);
    },
    describe: (t) => ({ sessionId: t.sessionId, agency: t.agency, pointId: t.pointId }),
  };
}

export function demandChannel(redis: Redis, keys: Keys, log: FastifyBaseLogger): OutboxChannel<DemandEvent> {
  return {
    queue: DEMAND_QUEUE,
    lease: keys.outboxRelay(DEMAND_QUEUE),
    async pending(count) {
      return (await scanPending(redis, keys.pendingDemand(), count)).map(([eventId, raw]) => {
        const { atMs, ...fields } = parseObject(raw);
        const parsed = DemandEvent.safeParse({
          ...fields,
          eventId,
          at: typeof atMs === 'number' ? new Date(atMs).toISOString() : undefined,
        });
        if (parsed.success) return { id: eventId, record: parsed.data };
        log.error({ eventId, issues: parsed.error.issues.length }, 'pending demand is not a demand event');
        return { id: eventId, record: undefined } satisfies PendingRecord<DemandEvent>;
      });
    },
    clear: async (eventIds) => {
      await redis.hdel(keys.pendingDemand(), ...eventIds);
    },
    describe: (e) => ({ kind: e.kind, agency: e.agency, language: e.language, pointId: e.pointId }),
  };
}
