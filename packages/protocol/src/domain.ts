/**
 * Domain types shared by every Etäpiste component. Each schema is the runtime check and, through
 * `z.infer`, the TypeScript type: one definition, never two that drift apart.
 */
import { z } from 'zod';

/** Service languages. Finnish and Swedish are a legal right (Language Act); English is common. */
export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** Short, stable identifiers used in keys, URLs and logs (`tax`, `kela`, `mikkeli`). */
export const Slug = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes');

export const AgencyId = Slug;
export type AgencyId = z.infer<typeof AgencyId>;
export const PointId = Slug;
export type PointId = z.infer<typeof PointId>;
export const UserId = Slug;
export type UserId = z.infer<typeof UserId>;

/** Server-generated ids (visits, tickets, sessions): URL-safe, 10 to 64 characters. */
export const EntityId = z
  .string()
  .min(10)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/** A text the UI shows, in each service language. */
export const LocalizedText = z.strictObject({
  fi: z.string().min(1).max(200),
  sv: z.string().min(1).max(200),
  en: z.string().min(1).max(200),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

/**
 * `point` is a service point's device; the others are people. `advisor` is the municipal service
 * advisor who signs in personally at a point (after its device key opened it) and starts visits.
 */
export const Role = z.enum(['point', 'advisor', 'expert', 'interpreter', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;
/** The roles a person may hold, several at once (a specialist who also supervises). */
export const PersonRole = Role.exclude(['point']);
export type PersonRole = z.infer<typeof PersonRole>;
/** A person's roles: at least one, none twice. */
export const PersonRoles = z
  .array(PersonRole)
  .min(1)
  .max(5)
  .refine((roles) => new Set(roles).size === roles.length, { message: 'a role is listed twice' });

/**
 * Capabilities are the grants a token carries. Every client event names the one it needs, so the
 * check is one lookup at the server edge rather than role logic spread through the handlers.
 */
export const Capability = z.enum(['visit', 'serve', 'supervise', 'administer']);
export type Capability = z.infer<typeof Capability>;

export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  point: ['visit'],
  // An advisor acts through the point's device (its connection carries 'visit'), not on their own.
  advisor: [],
  expert: ['serve'],
  // An interpreter is offered requests (with a specialist) and serves in the call like one.
  interpreter: ['serve'],
  supervisor: ['supervise'],
  admin: ['supervise', 'administer'],
};

/** A specialist's skill: one agency in one language. Matching is per agency *and* language. */
export const Skill = z.strictObject({ agency: AgencyId, language: Language });
export type Skill = z.infer<typeof Skill>;

/**
 * A language an interpreter interprets from, stored as said: an ISO 639 code (`ar`, `so`, `ru`), or
 * `fse` (Finnish Sign Language) and `fss` (Finland-Swedish Sign Language).
 */
export const InterpreterLanguage = z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 code');
export type InterpreterLanguage = z.infer<typeof InterpreterLanguage>;

/** The sign languages: an interpreter of one is pinned large on the point's screen (hands and face). */
export const SIGN_LANGUAGES: ReadonlySet<string> = new Set(['fse', 'fss']);

/**
 * One of an interpreter's language pairs, e.g. Arabic ↔ Finnish: `language` is the customer's,
 * `serviceLanguage` the one the specialist serves in. An interpreter-needed request is matched to
 * an interpreter with the pair (its interpreter language, its queue's language).
 */
export const InterpreterPair = z.strictObject({ language: InterpreterLanguage, serviceLanguage: Language });
export type InterpreterPair = z.infer<typeof InterpreterPair>;

export const Topic = z.strictObject({ id: Slug, name: LocalizedText });
export type Topic = z.infer<typeof Topic>;

export const Outcome = z.strictObject({ id: Slug, name: LocalizedText });
export type Outcome = z.infer<typeof Outcome>;

/** HH:MM in 24-hour time; `24:00` closes at midnight. */
const HHMM = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM');
/** One opening period of a day; it must end after it starts (`24:00` ends at midnight). */
export const OpeningPeriod = z
  .strictObject({ opens: HHMM, closes: HHMM })
  .refine((p) => p.opens < p.closes, { message: 'closes before it opens', path: ['closes'] });
export type OpeningPeriod = z.infer<typeof OpeningPeriod>;
/** Opening hours per ISO weekday (1 = Monday), in Europe/Helsinki time. A missing day is closed. */
export const OpeningHours = z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), OpeningPeriod);
export type OpeningHours = z.infer<typeof OpeningHours>;

/** A local calendar day, `YYYY-MM-DD`. */
/** A calendar day (YYYY-MM-DD) within years the databases and reports handle (PostgreSQL refuses year 0). */
export const IsoDay = z.iso.date().refine((day) => day >= '1900-01-01' && day <= '2999-12-31', 'out of range');
/** A dated exception to the weekly hours: other hours that day, or closed (no `hours`). */
export const OpeningException = z.strictObject({ date: IsoDay, hours: OpeningPeriod.optional() });
export type OpeningException = z.infer<typeof OpeningException>;

/** Ids are how a transaction names its topic and outcome: two rows with one id could not be told apart. */
const uniqueIds = <T extends { id: string }>(rows: readonly T[]) => new Set(rows.map((r) => r.id)).size === rows.length;

export const Agency = z.strictObject({
  id: AgencyId,
  name: LocalizedText,
  // One queue per agency × language: a language listed twice would be one queue counted twice.
  languages: z
    .array(Language)
    .min(1)
    .refine((languages) => new Set(languages).size === languages.length, { message: 'a language is listed twice' }),
  topics: z.array(Topic).refine(uniqueIds, { message: 'an id is listed twice' }),
  outcomes: z.array(Outcome).min(1).refine(uniqueIds, { message: 'an id is listed twice' }),
  /** Service-level target: a request answered within this many seconds counts as "in target". */
  serviceLevelTargetSeconds: z.number().int().positive().max(86_400),
  openingHours: OpeningHours,
  /** Dated exceptions (a day closed, or other hours); they win over the weekly hours and holidays. */
  openingExceptions: z
    .array(OpeningException)
    .max(400)
    .refine((list) => new Set(list.map((e) => e.date)).size === list.length, { message: 'a date is listed twice' })
    .optional(),
  /**
   * Finnish public holidays (finnish-holidays.ts): `closed` (the default, as the state's offices)
   * or `open` on the weekday's hours (a service that runs around the clock).
   */
  publicHolidays: z.enum(['closed', 'open']).optional(),
  /**
   * Whether a customer whose identity was not checked may be served (`allowed`, the default) or
   * the advisor must record a check first (`refused`): the agency's rule, not the advisor's.
   */
  uncheckedIdentity: z.enum(['allowed', 'refused']).optional(),
  /**
   * Hours a session's chat is kept after the session ends, for the participants to read back;
   * absent or 0 (the default): the chat is deleted when the session ends.
   */
  chatKeptHours: z.number().int().min(0).max(720).optional(),
  /**
   * Minutes after a booked start that a checked-in booking is offered only to its booked specialist;
   * after that to anyone of the queue. Absent: 5 (`BOOKING_EXCLUSIVE_MINUTES_DEFAULT`).
   */
  bookingExclusiveMinutes: z.number().int().min(0).max(120).optional(),
});
/** A booking's wait for its own specialist when the agency does not say (`Agency.bookingExclusiveMinutes`). */
export const BOOKING_EXCLUSIVE_MINUTES_DEFAULT = 5;
export type Agency = z.infer<typeof Agency>;

export const Point = z.strictObject({
  id: PointId,
  name: LocalizedText,
  /** The municipality's name (from its directory entry). */
  municipality: LocalizedText,
  /** The municipality's id: billing rolls points up by it. */
  municipalityId: Slug.optional(),
});
export type Point = z.infer<typeof Point>;

/** What the directory tells a client: the agencies and points it may work with. */
export const Directory = z.strictObject({
  languages: z.array(Language),
  agencies: z.array(Agency),
  points: z.array(Point),
  /** The language pairs the interpreter pool covers (each once): what an advisor may ask for. */
  interpreting: z.array(InterpreterPair).optional(),
});
export type Directory = z.infer<typeof Directory>;

/**
 * Who is on the other end of a token, as the apps see it. Holds ids and grants, never secrets. A
 * person holding several roles signs in once: `role` is the one the console opens on (a
 * specialist's work first), `roles` all of them, and `capabilities` the union of their grants.
 */
export const Principal = z.strictObject({
  id: Slug,
  role: Role,
  roles: z.array(Role).optional(),
  displayName: z.string(),
  capabilities: z.array(Capability),
  /** Set for `point`: the service point this device belongs to. */
  pointId: PointId.optional(),
  /** Set for `expert`: the agency × language pairs they may be offered. */
  skills: z.array(Skill).optional(),
  /** Set for `supervisor`: the agencies whose figures they see. Admins see all. */
  agencies: z.array(AgencyId).optional(),
  /** Set for `interpreter`: the language pairs they interpret. */
  interpreterPairs: z.array(InterpreterPair).optional(),
});
export type Principal = z.infer<typeof Principal>;

/** A specialist's state, as supervisors and the queue see it. */
export const ExpertState = z.enum(['offline', 'available', 'offered', 'in-session', 'wrap-up', 'away']);
export type ExpertState = z.infer<typeof ExpertState>;

export const AwayReason = z.enum(['break', 'meeting', 'training', 'back-office', 'missed-offer', 'other']);
export type AwayReason = z.infer<typeof AwayReason>;

/** A visit: one customer at a point, possibly served by several agencies in turn. */
export const Visit = z.strictObject({
  id: EntityId,
  pointId: PointId,
  openedAt: z.iso.datetime(),
});
export type Visit = z.infer<typeof Visit>;
