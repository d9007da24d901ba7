/**
 * The service advisor at a point, and how the customer's identity was checked.
 *
 * A point's device key opens the point; each advisor then signs in personally on it, so every
 * visit records who served the customer. The advisor is signed out on request or after a spell
 * of inactivity without closing the point (its device stays signed in). Credentials go over HTTP
 * (`POST /api/point/advisor`), where another provider (Suomi.fi e-Identification, OIDC) can take
 * their place; the state is read and ended over the socket.
 */
import { z } from 'zod';
import { UserId } from './domain.js';

/**
 * How the advisor checked who the customer is. Only the method is recorded: never a document
 * number or a personal identity code. `not-checked` is accepted only where the agency allows it.
 */
export const IDENTITY_CHECKS = [
  'id-card',
  'passport',
  'driving-licence',
  'residence-permit',
  'suomifi',
  'known',
  'not-checked',
] as const;
export const IdentityCheck = z.enum(IDENTITY_CHECKS);
export type IdentityCheck = z.infer<typeof IdentityCheck>;

/** The advisor signed in at a point, as the point and the specialist see them. */
export const AdvisorRef = z.strictObject({ id: UserId, displayName: z.string() });
export type AdvisorRef = z.infer<typeof AdvisorRef>;

/** Who is signed in at this point now (`advisor:get`, pushed as `advisor:changed`). */
export const AdvisorState = z.strictObject({
  /** Absent: nobody is signed in. */
  advisor: AdvisorRef.optional(),
  signedInAt: z.iso.datetime().optional(),
  /** The sign-in lapses then unless the advisor is active (`advisor:touch`) before it. */
  expiresAt: z.iso.datetime().optional(),
  /** Whether a visit can start only with an advisor signed in (the deployment's choice). */
  required: z.boolean(),
  /** How long the sign-in lasts without activity. */
  idleTimeoutSeconds: z.number().int().positive(),
});
export type AdvisorState = z.infer<typeof AdvisorState>;

/** An advisor's own credentials, typed at the point after its device key opened it. */
export const AdvisorPasswordSignIn = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type AdvisorPasswordSignIn = z.infer<typeof AdvisorPasswordSignIn>;
