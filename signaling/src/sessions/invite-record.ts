/**
 * An invite's Redis hash (`invite:<id>`, see redis/keys.ts): someone invited into a session under
 * way, while it rings. Only the queue's invite scripts write it (queue/lua.ts): `invite` creates it;
 * the answer, the deadline or the invitee's lost connection deletes it in the same step as the
 * state that goes with it. Everyone else reads it through the invite store (invite-store.ts).
 *
 * | field                                  | value                                                  |
 * | -------------------------------------- | ------------------------------------------------------ |
 * | `sessionId`, `visitId`                 | the session and its call's room                        |
 * | `inviterId`, `inviteeId`               | the session's specialist; who it rings at              |
 * | `kind`                                 | `colleague`, `interpreter` or `supervisor`             |
 * | `agency`, `language`                   | the session's                                          |
 * | `interpreterLanguage`                  | an interpreter's language ('' for the others)          |
 * | `createdAt`, `expiresAt`               | epoch ms (Redis `TIME`)                                |
 */
import { type InviteIncoming, InviteKind, Language } from '@etapiste/protocol';

export interface InviteRecord {
  inviteId: string;
  sessionId: string;
  visitId: string;
  inviterId: string;
  inviteeId: string;
  kind: InviteKind;
  agency: string;
  language: Language;
  interpreterLanguage?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** The record of an invite's hash; undefined when the invite is over (or not a whole one). */
export function parseInviteRecord(inviteId: string, f: Record<string, string>): InviteRecord | undefined {
  const kind = InviteKind.safeParse(f.kind);
  const language = Language.safeParse(f.language);
  const expiresAt = Number(f.expiresAt);
  if (!f.sessionId || !f.visitId || !f.inviterId || !f.inviteeId || !f.agency) return undefined;
  if (!kind.success || !language.success || !f.expiresAt || !Number.isFinite(expiresAt)) return undefined;
  return {
    inviteId,
    sessionId: f.sessionId,
    visitId: f.visitId,
    inviterId: f.inviterId,
    inviteeId: f.inviteeId,
    kind: kind.data,
    agency: f.agency,
    language: language.data,
    ...(f.interpreterLanguage ? { interpreterLanguage: f.interpreterLanguage } : {}),
    expiresAt,
  };
}

/** The invite as it rings at the invitee (`invite:incoming`, `work:current`); `from`: the inviter's name. */
export function inviteIncoming(r: InviteRecord, from: string): InviteIncoming {
  return {
    inviteId: r.inviteId,
    sessionId: r.sessionId,
    visitId: r.visitId,
    kind: r.kind,
    agency: r.agency,
    language: r.language,
    ...(r.interpreterLanguage ? { interpreterLanguage: r.interpreterLanguage } : {}),
    from,
    expiresAt: new Date(r.expiresAt).toISOString(),
  };
}
