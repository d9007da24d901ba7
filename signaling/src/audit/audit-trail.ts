/**
 * Where the rest of signaling records audit events. An event is handed to the BullMQ `audit` queue
 * with its id as the job id, and the ledger worker appends it to the chain (audit-chain.ts): the
 * process that saw the action need not run the ledger, and an event survives that process dying
 * right after (it waits in Redis). The hand-over is awaited, so an action whose audit record could
 * not be handed over can be refused by its caller (admin changes are); sign-ins only log the miss.
 */
import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditActor, AuditEvent } from '@etapiste/protocol';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis } from '../redis/connection.js';
import type { Keys } from '../redis/keys.js';

export const AUDIT_QUEUE = 'audit';
/** Completed hand-overs are kept a week in Redis, for tracing a row back to its job. */
const KEEP_JOB_SECONDS = 7 * 24 * 60 * 60;

export interface AuditFacts {
  target?: string | undefined;
  address?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

export class AuditTrail {
  readonly queue: Queue<AuditEvent>;
  readonly #connection: Redis;

  constructor(redisUrl: string, keys: Keys) {
    this.#connection = connectRedis(redisUrl, { maxRetriesPerRequest: null, connectionName: 'signaling-audit' });
    this.queue = new Queue<AuditEvent>(AUDIT_QUEUE, { connection: this.#connection, prefix: keys.bullPrefix() });
  }

  async record(action: AuditAction, actor: AuditActor, facts: AuditFacts = {}, at = new Date()): Promise<AuditEvent> {
    const event: AuditEvent = {
      eventId: randomUUID(),
      at: at.toISOString(),
      action,
      actor,
      ...(facts.target !== undefined ? { target: facts.target } : {}),
      ...(facts.address !== undefined ? { address: facts.address.slice(0, 64) } : {}),
      ...(facts.details !== undefined ? { details: facts.details } : {}),
    };
    await this.queue.add(action, event, {
      jobId: event.eventId,
      removeOnComplete: { age: KEEP_JOB_SECONDS },
      removeOnFail: false,
    });
    return event;
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.#connection.disconnect();
  }
}
