/**
 * Customer feedback after a session: checked against the session (this point's, ended, recently),
 * claimed once per session in Redis, then handed to the BullMQ `feedback` queue with the session
 * id as job id; the ledger worker stores it. The claim makes a second submission a coded refusal
 * rather than a silent overwrite; the job id and the ledger's key make a retried hand-over harmless.
 */
import { type FeedbackReceipt, type FeedbackRecord, type FeedbackSubmit, ProtocolError } from '@etapiste/protocol';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { FEEDBACK_QUEUE } from '../ledger/ledger-worker.js';
import { connectRedis } from '../redis/connection.js';
import type { Keys } from '../redis/keys.js';
import type { SessionStore } from '../sessions/session-store.js';

/** Feedback is asked for at the point right after the session; later than this it is refused. */
export const FEEDBACK_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Longer than the window, so a claim outlives every submission it could refuse. */
const CLAIM_SECONDS = 2 * 24 * 60 * 60;
const KEEP_JOB_SECONDS = 30 * 24 * 60 * 60;
/** A job that failed for good holds the customer's comment: kept for an operator a week at most. */
const FAILED_KEEP_SECONDS = 7 * 24 * 60 * 60;

export class FeedbackService {
  readonly queue: Queue<FeedbackRecord>;
  readonly #connection: Redis;

  constructor(
    redisUrl: string,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly sessions: SessionStore,
  ) {
    this.#connection = connectRedis(redisUrl, { maxRetriesPerRequest: null, connectionName: 'signaling-feedback' });
    this.queue = new Queue<FeedbackRecord>(FEEDBACK_QUEUE, { connection: this.#connection, prefix: keys.bullPrefix() });
  }

  /** Redis key of the one-per-session claim. */
  claimKey(sessionId: string): string {
    return this.keys.feedbackClaim(sessionId);
  }

  async submit(pointId: string, submission: FeedbackSubmit, now = Date.now()): Promise<FeedbackReceipt> {
    const { sessionId } = submission;
    const session = await this.sessions.get(sessionId);
    // Another point's session is answered as if it did not exist: ids are not to be probed.
    if (session?.pointId !== pointId) throw new ProtocolError('NOT_FOUND');
    const { endedAt } = session;
    if (endedAt === undefined || now - endedAt > FEEDBACK_WINDOW_MS) throw new ProtocolError('FEEDBACK_NOT_OPEN');

    const claimed = await this.redis.set(this.claimKey(sessionId), String(now), 'EX', CLAIM_SECONDS, 'NX');
    if (claimed !== 'OK') throw new ProtocolError('FEEDBACK_ALREADY_GIVEN');
    const submittedAt = new Date(now).toISOString();
    const record: FeedbackRecord = {
      sessionId,
      visitId: session.visitId,
      pointId,
      expertId: session.expertId,
      agency: session.agency,
      language: session.language,
      endedAt: new Date(endedAt).toISOString(),
      ...(submission.rating !== undefined ? { rating: submission.rating } : {}),
      ...(submission.comment ? { comment: submission.comment } : {}),
      submittedAt,
    };
    try {
      await this.queue.add('feedback', record, {
        jobId: sessionId,
        removeOnComplete: { age: KEEP_JOB_SECONDS },
        removeOnFail: { age: FAILED_KEEP_SECONDS },
      });
    } catch (error) {
      // Not handed over: release the claim so the customer's answer can be sent again.
      await this.redis.del(this.claimKey(sessionId)).catch(() => undefined);
      throw error;
    }
    return { sessionId, receivedAt: submittedAt };
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.#connection.disconnect();
  }
}
