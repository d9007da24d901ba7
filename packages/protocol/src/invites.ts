/**
 * Inviting someone into a session under way (issue 14): the session's specialist asks for a
 * colleague (any free specialist of an agency × language: a consultation), an interpreter of the
 * pool, or a supervisor of the session's agency. The server picks the one free longest (a
 * supervisor: one at work in the console and in no call) and rings at them like an offer, with its
 * own timeout; the inviter is told the answer. An accepted invitee joins the call as a guest, listed
 * and announced to everyone like any participant (participants.ts); a supervisor joins as from the
 * wallboard (microphone off), announced as invited.
 */
import { z } from 'zod';
import { AgencyId, EntityId, InterpreterLanguage, Language, UserId } from './domain.js';

export const InviteKind = z.enum(['colleague', 'interpreter', 'supervisor']);
export type InviteKind = z.infer<typeof InviteKind>;

export const SessionInvite = z
  .strictObject({
    sessionId: EntityId,
    kind: InviteKind,
    /** A colleague's agency and language; the session's when absent. */
    agency: AgencyId.optional(),
    language: Language.optional(),
    /** An interpreter's language (with the session's language). */
    interpreterLanguage: InterpreterLanguage.optional(),
    /** A named colleague of that agency × language, when the inviter wants that one person. */
    inviteeId: UserId.optional(),
  })
  .refine((p) => (p.kind === 'interpreter') === (p.interpreterLanguage !== undefined), {
    message: 'an interpreter language is given for an interpreter, and only then',
    path: ['interpreterLanguage'],
  })
  // A supervisor is one of the session's agency: nothing more to choose (`{ kind: 'supervisor' }`).
  .refine((p) => p.kind !== 'supervisor' || (!p.agency && !p.language && !p.inviteeId), {
    message: 'a supervisor is invited without an agency, a language or a named person',
    path: ['kind'],
  });
export type SessionInvite = z.infer<typeof SessionInvite>;

export const SessionInviteResult = z.strictObject({
  inviteId: EntityId,
  /** Who rings now, by name. */
  inviteeName: z.string(),
  expiresAt: z.iso.datetime(),
});
export type SessionInviteResult = z.infer<typeof SessionInviteResult>;

/** An invite ringing at the invitee: accept or decline before `expiresAt`. */
export const InviteIncoming = z.strictObject({
  inviteId: EntityId,
  sessionId: EntityId,
  visitId: EntityId,
  kind: InviteKind,
  /** The session's agency and language. */
  agency: AgencyId,
  language: Language,
  interpreterLanguage: InterpreterLanguage.optional(),
  /** The inviter's name. */
  from: z.string(),
  expiresAt: z.iso.datetime(),
});
export type InviteIncoming = z.infer<typeof InviteIncoming>;

/**
 * To the inviter: `cancelled` when the invitee's connection was lost while it rang, or they
 * accepted after the session had ended.
 */
export const InviteOutcome = z.enum(['accepted', 'declined', 'timeout', 'cancelled']);
export type InviteOutcome = z.infer<typeof InviteOutcome>;

export const InviteAnswered = z.strictObject({ inviteId: EntityId, outcome: InviteOutcome });
export type InviteAnswered = z.infer<typeof InviteAnswered>;

export const InviteRef = z.strictObject({ inviteId: EntityId });
