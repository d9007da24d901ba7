/**
 * The audit trail's record: who did what, when, from where. Rows are append-only and chained by
 * hash in the ledger (signaling/src/audit). An event carries ids and codes, never secrets or
 * personal data beyond ids: a failed sign-in names the account tried, not the password.
 */
import { z } from 'zod';
import { Role } from './domain.js';

export const AuditAction = z.enum([
  'auth.login',
  'auth.login-failed',
  'auth.point-login',
  'auth.point-login-failed',
  'auth.refresh-replay',
  'auth.advisor-login',
  'auth.advisor-login-failed',
  'auth.advisor-logout',
  'report.view',
  'report.export',
  'admin.create',
  'admin.update',
  'admin.deactivate',
  'admin.key-issue',
  'admin.key-revoke',
  'admin.forbidden',
  'ledger.correction',
  'supervisor.join',
  'supervisor.leave',
  'privacy.erase',
  /** The daily retention job removed free text past its time (wrap-up notes, customers' comments). */
  'privacy.retention',
  'document.upload',
  'document.download',
  /** The retention job deleted a prefix of the chain; the verification starts from this anchor. */
  'audit.retention',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditActor = z.strictObject({
  /** The signed-in principal's id; for a refused sign-in, the account that was tried. */
  id: z.string().min(1).max(120),
  role: Role.optional(),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditEvent = z.strictObject({
  /** Unique per event: a redelivered event is stored once. */
  eventId: z.uuid(),
  at: z.iso.datetime(),
  action: AuditAction,
  actor: AuditActor,
  /** What was acted on, as `kind:id` (e.g. `point:kirkkonummi-1`, `report:transactions`). */
  target: z.string().max(200).optional(),
  /** The client's address as the server saw it (behind a trusted proxy: the forwarded one). */
  address: z.string().max(64).optional(),
  /** Action-specific facts: filters of a report, before/after of an admin change. Ids and codes only. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** One stored row: the event with its place in the chain. */
export const AuditRow = AuditEvent.extend({
  seq: z.number().int().positive(),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditRow = z.infer<typeof AuditRow>;
