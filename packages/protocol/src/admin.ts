/**
 * The administration API (`/api/admin`): the directory of agencies, municipalities, service points
 * and people as the operator edits it. Every entry carries a `version`; an edit names the version it
 * was made on and a stale one is refused with CONFLICT (optimistic concurrency), never silently
 * applied over someone else's change. Secrets never leave the server: a point's key is shown once
 * when issued, people's password hashes are never sent.
 */
import { z } from 'zod';
import {
  Agency,
  AgencyId,
  InterpreterPair,
  LocalizedText,
  PersonRoles,
  Point,
  PointId,
  Skill,
  Slug,
} from './domain.js';

export const Municipality = z.strictObject({ id: Slug, name: LocalizedText });
export type Municipality = z.infer<typeof Municipality>;

export const DirectoryKind = z.enum(['agency', 'municipality', 'point', 'person']);
export type DirectoryKind = z.infer<typeof DirectoryKind>;

/** A person as administrators see and edit them (no password hash). */
export const AdminPerson = z.strictObject({
  id: Slug,
  username: z.string().trim().min(2).max(100),
  displayName: z.string().trim().min(1).max(100),
  /** Several at once: a specialist who also supervises, an administrator who also advises. */
  roles: PersonRoles,
  /** An expert's agency × language skills. */
  skills: z.array(Skill).max(60).default([]),
  /** An interpreter's language pairs. */
  interpreterPairs: z.array(InterpreterPair).max(40).default([]),
  /** A supervisor's agencies. */
  agencies: z.array(AgencyId).max(60).default([]),
  /** The service points an advisor may sign in at. */
  points: z.array(PointId).max(200).default([]),
});
export type AdminPerson = z.infer<typeof AdminPerson>;

/** A service point as administrators edit it: its municipality by id (names follow from it). */
export const AdminPoint = z.strictObject({
  id: Slug,
  name: LocalizedText,
  municipalityId: Slug,
});
export type AdminPoint = z.infer<typeof AdminPoint>;

const Version = z.number().int().positive();
const EntryMeta = {
  version: Version,
  active: z.boolean(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string().optional(),
};

export const AgencyEntry = z.strictObject({ ...EntryMeta, data: Agency });
export const MunicipalityEntry = z.strictObject({ ...EntryMeta, data: Municipality });
export const PointEntry = z.strictObject({
  ...EntryMeta,
  data: Point.extend({ municipalityId: Slug.optional() }),
  /** Whether a device key is in force (its hash is never shown). */
  hasKey: z.boolean(),
});
export const PersonEntry = z.strictObject({ ...EntryMeta, data: AdminPerson, hasPassword: z.boolean() });

/** An edit names the version it was made on. */
export const VersionRef = z.strictObject({ version: Version });
export type VersionRef = z.infer<typeof VersionRef>;

export const AgencyUpdate = z.strictObject({ version: Version, data: Agency });
export const MunicipalityUpdate = z.strictObject({ version: Version, data: Municipality });
export const PointUpdate = z.strictObject({ version: Version, data: AdminPoint });
export const PersonUpdate = z.strictObject({
  version: Version,
  data: AdminPerson,
  /** Sets a new password (at least 12 characters); absent keeps the one in force. */
  password: z.string().min(12).max(200).optional(),
});
export const PersonCreate = z.strictObject({ data: AdminPerson, password: z.string().min(12).max(200) });

/** A point's device key, in the one answer that issues it. Store it in the device; it is not shown again. */
export const PointKeyIssued = z.strictObject({ pointId: Slug, pointKey: z.string(), version: Version });
export type PointKeyIssued = z.infer<typeof PointKeyIssued>;
