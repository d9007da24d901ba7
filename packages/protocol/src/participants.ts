/**
 * Who is in a session's call, as every participant sees it (issue 14): the point, the specialist,
 * and anyone who joined after them. There is no silent listening: each participant is listed by
 * role and name to everyone, the customer included, and each join and leave is pushed to all.
 *
 * The roles beyond the two sides are "guests" of the session: a supervisor, and an interpreter
 * (matched with the specialist for an interpreter-needed request, issue 14), with the same record,
 * list and pushes.
 */
import { z } from 'zod';
import { AgencyId, EntityId, Language, PointId, UserId } from './domain.js';

/** A participant's part in the call. */
/** `consultant`: a colleague the specialist invited into the call (`session:invite`, invites.ts). */
export const ParticipantRole = z.enum(['point', 'expert', 'interpreter', 'supervisor', 'consultant']);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

/** The roles that join a session already under way (they are not its point or specialist). */
export const GuestRole = ParticipantRole.exclude(['point', 'expert']);
export type GuestRole = z.infer<typeof GuestRole>;

/** One participant: its media participant id (`<role>:<id>`), role and name. */
export const SessionParticipant = z.strictObject({
  participantId: z.string().max(60),
  role: ParticipantRole,
  /** A person's display name; for the point, the point's name (the apps may name it from the directory). */
  name: z.string().max(200),
  /** Set for the point: the apps name it in the reader's language. */
  pointId: PointId.optional(),
  /** When a guest joined; absent for the two sides (they were there from the start). */
  joinedAt: z.iso.datetime().optional(),
  /**
   * Set for a supervisor who joined at the specialist's invite (`session:invite`): the inviter's
   * name, said in the announcement ("… joined the call, invited by …").
   */
  invitedBy: z.string().max(200).optional(),
});
export type SessionParticipant = z.infer<typeof SessionParticipant>;

/** What changed, so every screen can announce it (on screen, by a sound and to screen readers). */
export const ParticipantChange = z.strictObject({
  kind: z.enum(['joined', 'left']),
  participant: SessionParticipant,
});
export type ParticipantChange = z.infer<typeof ParticipantChange>;

/** The session's participants now, with the change that made it so when there was one. */
export const SessionParticipants = z.strictObject({
  sessionId: EntityId,
  /** The room of the call (the visit's), which a joined guest's media joins. */
  visitId: EntityId,
  participants: z.array(SessionParticipant),
  change: ParticipantChange.optional(),
});
export type SessionParticipants = z.infer<typeof SessionParticipants>;

/** A session in progress on the wallboard, which a supervisor of its agency may join. */
export const LiveSession = z.strictObject({
  sessionId: EntityId,
  visitId: EntityId,
  pointId: PointId,
  agency: AgencyId,
  language: Language,
  expertId: UserId,
  expertName: z.string(),
  answeredAt: z.iso.datetime(),
  /** The supervisor in the call now, by name. */
  supervisorName: z.string().optional(),
});
export type LiveSession = z.infer<typeof LiveSession>;
