/**
 * Customer feedback given at the point after a session: a rating from 1 to 5 (or none, when the
 * customer skips) and an optional comment. One per session; stored in the ledger.
 */
import { z } from 'zod';
import { AgencyId, EntityId, Language, PointId, UserId } from './domain.js';

/**
 * The same rule as for specialists' notes (queue.ts): a Finnish personal identity code has no
 * place in a comment, which supervisors read.
 */
const PERSONAL_IDENTITY_CODE = /\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]/i;

export const FEEDBACK_COMMENT_MAX = 1000;

export const FeedbackComment = z
  .string()
  .trim()
  .max(FEEDBACK_COMMENT_MAX)
  .refine((text) => !PERSONAL_IDENTITY_CODE.test(text), { message: 'no personal identity codes in comments' });

export const FeedbackRating = z.number().int().min(1).max(5);

export const FeedbackSubmit = z.strictObject({
  sessionId: EntityId,
  /** Absent when the customer chose to skip the rating; the skip is recorded too. */
  rating: FeedbackRating.optional(),
  comment: FeedbackComment.optional(),
});
export type FeedbackSubmit = z.infer<typeof FeedbackSubmit>;

export const FeedbackReceipt = z.strictObject({ sessionId: EntityId, receivedAt: z.iso.datetime() });
export type FeedbackReceipt = z.infer<typeof FeedbackReceipt>;

/** What the feedback job carries to the ledger: the submission plus the session facts it needs. */
export const FeedbackRecord = z.strictObject({
  sessionId: EntityId,
  visitId: EntityId,
  pointId: PointId,
  expertId: UserId,
  agency: AgencyId,
  language: Language,
  endedAt: z.iso.datetime(),
  rating: FeedbackRating.optional(),
  comment: z.string().max(FEEDBACK_COMMENT_MAX).optional(),
  submittedAt: z.iso.datetime(),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecord>;
