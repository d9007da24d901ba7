/**
 * What the console needs beyond the queue's own events: a specialist's work in progress (so a
 * reloaded console resumes its offer, session or wrap-up) and the supervisor wallboard's lists and
 * history (specialists, points, waiting and service level over the day).
 */
import { z } from 'zod';
import { IdentityCheck } from './advisor.js';
import { AgencyId, AwayReason, ExpertState, Language, PointId, Skill, Slug, UserId } from './domain.js';
import { InviteIncoming } from './invites.js';
import { LiveSession, SessionParticipants } from './participants.js';
import { Offer, Session, TransferContext } from './queue.js';

/** The request details a session view shows after a reload (the offer that carried them is gone). */
export const WorkDetails = z.strictObject({
  topic: Slug.optional(),
  /** The advisor's note from the point. */
  note: z.string().optional(),
  /** The previous specialist's note when the visit was transferred. */
  transferNote: z.string().optional(),
  /** Set when transferred: where from and by whom. */
  transfer: TransferContext.optional(),
  /** How the customer's identity was checked at the point. */
  identityCheck: IdentityCheck.optional(),
  /** The advisor at the point, by name. */
  advisorName: z.string().optional(),
});
export type WorkDetails = z.infer<typeof WorkDetails>;

/**
 * A specialist's offer, session or wrap-up in progress, an invite ringing at the caller, or the
 * call they are in by invite; empty when none.
 */
export const CurrentWork = z.strictObject({
  offer: Offer.optional(),
  session: Session.optional(),
  details: WorkDetails.optional(),
  /** Set in wrap-up: the outcome must be recorded by then. */
  wrapUpDeadline: z.iso.datetime().optional(),
  /** An invite into a session under way ringing at the caller (a specialist, an interpreter or a supervisor). */
  invite: InviteIncoming.optional(),
  /**
   * The call the caller is in as an invited guest (a consultant, an interpreter or a supervisor who
   * came by invite): who is in it and its room, which the console joins again.
   */
  guestCall: SessionParticipants.optional(),
});
export type CurrentWork = z.infer<typeof CurrentWork>;

/** One specialist on the wallboard. */
export const ExpertRow = z.strictObject({
  id: UserId,
  displayName: z.string(),
  state: ExpertState,
  reason: AwayReason.optional(),
  /** When the current state began; absent for a specialist who has not signed in. */
  since: z.iso.datetime().optional(),
  skills: z.array(Skill),
});
export type ExpertRow = z.infer<typeof ExpertRow>;

export const PointActivity = z.enum(['idle', 'waiting', 'offered', 'in-session']);
export type PointActivity = z.infer<typeof PointActivity>;

/** One service point on the wallboard: connected or not, and what its customer is doing. */
export const PointRow = z.strictObject({
  id: PointId,
  connected: z.boolean(),
  activity: PointActivity,
  /** The queue of the current request; left out when it is outside the supervisor's agencies. */
  agency: AgencyId.optional(),
  language: Language.optional(),
  /** When the current request was queued. */
  since: z.iso.datetime().optional(),
});
export type PointRow = z.infer<typeof PointRow>;

export const SupervisionSnapshot = z.strictObject({
  at: z.iso.datetime(),
  experts: z.array(ExpertRow),
  points: z.array(PointRow),
  /** Sessions in progress in the supervisor's agencies, which they may join (issue 14). */
  sessions: z.array(LiveSession).optional(),
});
export type SupervisionSnapshot = z.infer<typeof SupervisionSnapshot>;

/** One history bucket of a queue: the most waiting and the longest wait seen in it. */
export const HistoryBucket = z.strictObject({
  at: z.iso.datetime(),
  waiting: z.number().int().nonnegative(),
  longestWaitSeconds: z.number().int().nonnegative(),
});
export const HourlyServiceLevel = z.strictObject({
  /** Local hour of the day (0–23, the service's time zone). */
  hour: z.number().int().min(0).max(23),
  /** When the hour began, for clients that label it in their own time zone. */
  at: z.iso.datetime(),
  answered: z.number().int().nonnegative(),
  /** Percent of the hour's answered requests within the target; absent when none was answered. */
  serviceLevelPct: z.number().min(0).max(100).optional(),
});
export const QueueHistory = z.strictObject({
  agency: AgencyId,
  language: Language,
  buckets: z.array(HistoryBucket),
  hourly: z.array(HourlyServiceLevel),
});
export type QueueHistory = z.infer<typeof QueueHistory>;

export const SupervisionHistory = z.strictObject({
  at: z.iso.datetime(),
  /** Minutes per bucket. */
  bucketMinutes: z.number().int().positive(),
  queues: z.array(QueueHistory),
});
export type SupervisionHistory = z.infer<typeof SupervisionHistory>;
