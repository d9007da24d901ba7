/**
 * The queue's shared types: service requests (tickets), offers, sessions, transactions and the
 * live figures supervisors watch. See docs/queue.md for the model and the rules.
 */
import { z } from 'zod';
import { IdentityCheck } from './advisor.js';
import {
  AgencyId,
  AwayReason,
  EntityId,
  ExpertState,
  InterpreterLanguage,
  Language,
  PointId,
  Slug,
  UserId,
} from './domain.js';

/**
 * A Finnish personal identity code (henkilötunnus): six digits of birth date, a century sign, three
 * digits and a check character. Notes for specialists must not carry one.
 */
const PERSONAL_IDENTITY_CODE = /\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]/i;

export const SpecialistNote = z
  .string()
  .trim()
  .max(500)
  .refine((text) => !PERSONAL_IDENTITY_CODE.test(text), { message: 'no personal identity codes in notes' });

/**
 * `closed`: the agency's service closed while the request waited (counted as denied demand, not
 * abandonment); `opensAt` on the view says when it opens next.
 */
export const TicketState = z.enum([
  'waiting',
  'offered',
  'in-session',
  'completed',
  'cancelled',
  'abandoned',
  'closed',
]);
export type TicketState = z.infer<typeof TicketState>;

/** What a point sees of its own request. Position is 1-based; ETA is an estimate in seconds. */
export const TicketView = z.strictObject({
  ticketId: EntityId,
  visitId: EntityId,
  agency: AgencyId,
  language: Language,
  topic: Slug.optional(),
  state: TicketState,
  enqueuedAt: z.iso.datetime(),
  position: z.number().int().positive().optional(),
  /** Estimated seconds until answered; absent when no specialist of the queue is working. */
  etaSeconds: z.number().int().nonnegative().optional(),
  /** Set when the request came from another agency's session in the same visit. */
  transferredFrom: EntityId.optional(),
  sessionId: EntityId.optional(),
  /**
   * Set when the state is `closed`: the next opening of the agency's service, if known. While
   * waiting (`waiting`), also set: when the service opens next, for "come back in opening hours".
   */
  opensAt: z.iso.datetime().optional(),
  /** While waiting: true when no specialist of the queue is working now (none available, serving or in wrap-up). */
  nobodyWorking: z.boolean().optional(),
  /** While waiting: from when the wait counts as long (`LONG_WAIT_SECONDS` after queueing); the point then offers the choices. */
  longWaitAt: z.iso.datetime().optional(),
  /** While waiting: the agency's other languages with a specialist working now (choices the advisor can offer). */
  languagesServed: z.array(Language).optional(),
  /** Set when the customer arrived for a booking: the request queues ahead of walk-ins, for the booked specialist first. */
  bookingId: EntityId.optional(),
  /**
   * Set when the customer needs an interpreter of this language: the request is offered only when
   * a specialist and an interpreter are both free (the waiting screen says one is being arranged).
   */
  interpreterLanguage: InterpreterLanguage.optional(),
  /**
   * Set while the customer has stepped away (`request:step-away`): the request keeps its place. At
   * the head it is passed over once (`passedOver`), then abandoned if the customer is not back.
   */
  steppedAway: z
    .strictObject({
      /** When the advisor expects the customer back ("back by hh:mm"). */
      backBy: z.iso.datetime(),
      passedOver: z.boolean(),
    })
    .optional(),
});
export type TicketView = z.infer<typeof TicketView>;

/** How long a customer steps away from the point while their request keeps its place (minutes). */
export const StepAwayMinutes = z.number().int().min(1).max(120);
export const RequestStepAway = z.strictObject({ ticketId: EntityId, minutes: StepAwayMinutes });

/** Why a request could not be queued at once; the point chooses to wait, change language or leave. */
export const UnavailableReason = z.enum(['nobody-online', 'closed', 'no-interpreter']);
export type UnavailableReason = z.infer<typeof UnavailableReason>;

export const RequestCreate = z.strictObject({
  agency: AgencyId,
  language: Language,
  topic: Slug.optional(),
  note: SpecialistNote.optional(),
  /**
   * How the advisor checked the customer's identity (the method only). Absent counts as
   * `not-checked`, which an agency may refuse (IDENTITY_CHECK_REQUIRED).
   */
  identityCheck: IdentityCheck.optional(),
  /**
   * The customer needs an interpreter of this language (an ISO 639 code; `fse`, `fss` for the sign
   * languages). Refused with NO_INTERPRETER_LANGUAGE when no interpreter of the pool has it with the
   * request's language. The request is then offered only to a specialist and an interpreter
   * together, both free at once.
   */
  interpreterLanguage: InterpreterLanguage.optional(),
  /**
   * `ask` (default): when nobody with the language is online or the agency is closed, answer
   * `unavailable` and queue nothing. `wait`: queue anyway when nobody is online (the customer chose
   * to wait). A closed agency queues nobody either way: nothing waits through closed hours.
   */
  whenUnavailable: z.enum(['ask', 'wait']).default('ask'),
});

export const RequestCreateResult = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('queued'),
    ticket: TicketView,
    /** Lets this point re-attach to the request after a reload or a network drop. */
    resumeToken: z.string(),
  }),
  z.strictObject({
    status: z.literal('unavailable'),
    reason: UnavailableReason,
    /** Languages of this agency with a specialist online now: choices the advisor can offer. */
    languagesOnline: z.array(Language),
  }),
]);
export type RequestCreateResult = z.infer<typeof RequestCreateResult>;

export const TicketRef = z.strictObject({ ticketId: EntityId });
export const RequestResume = z.strictObject({ ticketId: EntityId, resumeToken: z.string().min(10).max(100) });

/**
 * What a transferred request carries to the next specialist besides the note: the queue and topic
 * it came from and who transferred it.
 */
export const TransferContext = z.strictObject({
  fromAgency: AgencyId,
  fromLanguage: Language,
  fromTopic: Slug.optional(),
  /** The specialist who transferred the visit, by name. */
  byName: z.string(),
});
export type TransferContext = z.infer<typeof TransferContext>;

/** An offer ringing at a specialist. */
export const Offer = z.strictObject({
  offerId: EntityId,
  ticketId: EntityId,
  visitId: EntityId,
  pointId: PointId,
  agency: AgencyId,
  language: Language,
  topic: Slug.optional(),
  note: z.string().optional(),
  enqueuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /**
   * When it began to ring: the `since` of the specialist's state `offered`, which this event says
   * (no `presence:changed` comes with it).
   */
  offeredAt: z.iso.datetime().optional(),
  transferredFrom: EntityId.optional(),
  /** The previous specialist's note when transferred. */
  transferNote: z.string().optional(),
  /** Set when transferred: the queue and topic it came from and who transferred it. */
  transfer: TransferContext.optional(),
  /**
   * When the customer first queued in this visit; differs from `enqueuedAt` (this queue) after a
   * transfer. The customer's real wait is counted from it.
   */
  visitQueuedAt: z.iso.datetime().optional(),
  /** How the customer's identity was checked at the point. */
  identityCheck: IdentityCheck.optional(),
  /** The advisor who started the visit, by name. */
  advisorName: z.string().optional(),
  /** Set when the customer booked this time (with this specialist, while the booking's exclusive wait lasts). */
  bookingId: EntityId.optional(),
  /**
   * Set when the request needs an interpreter: the offer rings at a specialist and an interpreter
   * together and starts the call when both have accepted. `as`: the part of the one it rings at;
   * `partnerName`: the other one's name; `partnerAccepted`: the other has accepted already.
   */
  interpreter: z
    .strictObject({
      language: InterpreterLanguage,
      as: z.enum(['expert', 'interpreter']),
      partnerName: z.string().max(100),
      partnerAccepted: z.boolean(),
    })
    .optional(),
});
export type Offer = z.infer<typeof Offer>;

export const OfferRef = z.strictObject({ offerId: EntityId });
export const OfferWithdrawn = z.strictObject({
  offerId: EntityId,
  /** `partner-*`: an interpreter-needed offer's other side declined it or lost their connection. */
  reason: z.enum([
    'timeout',
    'cancelled',
    'abandoned',
    'offline',
    'partner-declined',
    'partner-offline',
    'partner-timeout',
  ]),
});

export const Session = z.strictObject({
  sessionId: EntityId,
  ticketId: EntityId,
  visitId: EntityId,
  pointId: PointId,
  expertId: UserId,
  agency: AgencyId,
  language: Language,
  queuedAt: z.iso.datetime(),
  offeredAt: z.iso.datetime(),
  answeredAt: z.iso.datetime(),
  endedAt: z.iso.datetime().optional(),
  transferredFrom: EntityId.optional(),
  /** How the customer's identity was checked at the point (recorded with the transaction). */
  identityCheck: IdentityCheck.optional(),
  /** The advisor who started the visit (recorded with the transaction). */
  advisorId: UserId.optional(),
  /** The interpreter of the session and the language they interpret (billed separately by the minute). */
  interpreterId: UserId.optional(),
  interpreterLanguage: InterpreterLanguage.optional(),
});
export type Session = z.infer<typeof Session>;

export const SessionRef = z.strictObject({ sessionId: EntityId });

/**
 * What accepting an offer answers: the session, or for an offer with an interpreter accepted first
 * by this side, that the other side's accept is awaited (the call starts, `session:started`, when
 * it comes; the offer's time still runs).
 */
export const OfferAcceptResult = z.union([
  Session,
  z.strictObject({ status: z.literal('waiting-partner'), offerId: EntityId }),
]);
export type OfferAcceptResult = z.infer<typeof OfferAcceptResult>;

/**
 * The other side of a session lost its connection (`lost`: its last socket went, its grace period
 * runs) or came back (`back`). Pushed to the point about the specialist and to the specialist
 * about the point, within a second or two of the socket going.
 */
export const SessionPeer = z.strictObject({
  sessionId: EntityId,
  state: z.enum(['lost', 'back']),
  at: z.iso.datetime(),
});
export type SessionPeer = z.infer<typeof SessionPeer>;

/**
 * How a session ended: the specialist ended it (`ended`) or transferred the visit (`transferred`),
 * the point left the call (`left`), the specialist's connection did not come back within its grace
 * period (`interrupted`), or it ran past the maximum session length (`time-limit`). After the last
 * two the point may queue again at the head of the same queue (`request:requeue`).
 */
export const SessionEndReason = z.enum(['ended', 'transferred', 'left', 'interrupted', 'time-limit']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

export const SessionEnded = z.strictObject({
  sessionId: EntityId,
  reason: SessionEndReason.optional(),
  endedAt: z.iso.datetime(),
  /** The expert's wrap-up must be finished by then; afterwards the outcome is recorded as missing. */
  wrapUpDeadline: z.iso.datetime(),
  /** Set when the visit continues in another queue. */
  transferTicketId: EntityId.optional(),
});
export const WrapUp = z.strictObject({
  sessionId: EntityId,
  outcome: Slug,
  /** The specialist's own note on the session (stored with its transaction; see docs/security.md). */
  note: SpecialistNote.optional(),
  /** Set: after saving, the specialist goes away with this reason instead of becoming available. */
  awayReason: AwayReason.exclude(['missed-offer']).optional(),
});
export const SessionTransfer = z.strictObject({
  sessionId: EntityId,
  agency: AgencyId,
  language: Language,
  note: SpecialistNote.optional(),
});

/** One ended session: the unit municipalities are paid by. Exactly one per session. */
export const Transaction = Session.extend({
  topic: Slug.optional(),
  endedAt: z.iso.datetime(),
  /**
   * An outcome code of the agency; `not-recorded` when wrap-up ran out of time; `interrupted` when
   * the session ended because the specialist was gone or it ran past the maximum length.
   */
  outcome: Slug,
  /** The specialist's wrap-up note, if they wrote one. */
  note: z.string().max(500).optional(),
  /** Whole minutes the interpreter was in the call (rounded up), set with `interpreterId`. */
  interpreterMinutes: z.number().int().nonnegative().optional(),
});
export type Transaction = z.infer<typeof Transaction>;

/**
 * One unanswered demand event, recorded by the queue in the same atomic step as the change it
 * describes and stored by the ledger (`demand_events`): a waiting request the point cancelled, one
 * abandoned (the point did not come back), or a request turned away at once (denied). The event id
 * is the ticket's id for cancelled and abandoned (a request closes once), a new id for denied.
 */
export const DemandEvent = z.strictObject({
  eventId: EntityId,
  kind: z.enum(['cancelled', 'abandoned', 'denied']),
  pointId: PointId,
  visitId: EntityId.optional(),
  ticketId: EntityId.optional(),
  agency: AgencyId,
  language: Language,
  /** Denied: why (`closed`, `nobody-online`); a request still waiting at closing time is `closed` too. */
  reason: UnavailableReason.optional(),
  /** Cancelled, abandoned, denied at closing time: queued → closed, milliseconds. */
  waitedMs: z.number().int().nonnegative().optional(),
  at: z.iso.datetime(),
});
export type DemandEvent = z.infer<typeof DemandEvent>;

export const ExpertCounts = z.strictObject(
  Object.fromEntries(ExpertState.options.map((state) => [state, z.number().int().nonnegative()])) as Record<
    ExpertState,
    z.ZodNumber
  >,
);

/** How many waiting-since times one queue's live figures carry (the oldest ones). */
export const WAITING_SINCE_MAX = 200;

/** Live figures of one agency × language queue, for today (Europe/Helsinki). */
export const QueueMetrics = z.strictObject({
  agency: AgencyId,
  language: Language,
  waiting: z.number().int().nonnegative(),
  longestWaitSeconds: z.number().int().nonnegative(),
  /**
   * When each waiting customer began to wait, oldest first (at most WAITING_SINCE_MAX): the
   * wallboard counts the longest wait and the waits past the target on from these, every second.
   */
  waitingSince: z.array(z.iso.datetime()).max(WAITING_SINCE_MAX),
  answered: z.number().int().nonnegative(),
  /** Of today's answered, how many within the agency's target. */
  inTarget: z.number().int().nonnegative(),
  /**
   * The last hour's answers (since `since`, at most 60 minutes ago, and not before midnight), for
   * the service level now; absent when the history has no sample of the hour yet.
   */
  recent: z
    .strictObject({
      since: z.iso.datetime(),
      answered: z.number().int().nonnegative(),
      inTarget: z.number().int().nonnegative(),
    })
    .optional(),
  abandoned: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  denied: z.number().int().nonnegative(),
  /**
   * Waiting requests that every specialist now online with the skill has declined (or let ring
   * out): nobody is going to take them without a nudge, so the wallboard raises an alert.
   */
  declinedByAll: z.number().int().nonnegative(),
  /** Average speed of answer: mean wait of answered requests, seconds. */
  asaSeconds: z.number().nonnegative().optional(),
  /** Share answered within the agency's target, percent of answered. */
  serviceLevelPct: z.number().min(0).max(100).optional(),
  serviceLevelTargetSeconds: z.number().int().positive(),
  /** Average handle time (answer → wrap-up done), seconds. */
  ahtSeconds: z.number().nonnegative().optional(),
  experts: ExpertCounts,
});
export type QueueMetrics = z.infer<typeof QueueMetrics>;

export const MetricsSnapshot = z.strictObject({ at: z.iso.datetime(), queues: z.array(QueueMetrics) });
export type MetricsSnapshot = z.infer<typeof MetricsSnapshot>;

/**
 * One agency × language queue as specialists see it: on the console's home for their own skills,
 * and in the transfer list for every queue. `longestWaitSeconds` is as of the snapshot's `at`; the
 * console counts on from when it received it.
 */
export const QueueGlance = z.strictObject({
  agency: AgencyId,
  language: Language,
  waiting: z.number().int().nonnegative(),
  longestWaitSeconds: z.number().int().nonnegative(),
  /** Specialists of the queue at work now: available, ringing, serving or in wrap-up. */
  online: z.number().int().nonnegative(),
  /** Of those, available now. */
  available: z.number().int().nonnegative(),
});
export type QueueGlance = z.infer<typeof QueueGlance>;

export const QueueGlanceSnapshot = z.strictObject({ at: z.iso.datetime(), queues: z.array(QueueGlance) });
export type QueueGlanceSnapshot = z.infer<typeof QueueGlanceSnapshot>;

/**
 * Whether an agency can serve a point now (`availability:get`), for the start screen's tiles: open
 * by its opening hours (the rule the queue applies), and the languages in which a specialist of the
 * skill is at work now (available, ringing, serving or in wrap-up). Served now: open and a language.
 */
export const AgencyAvailability = z.strictObject({
  agency: AgencyId,
  open: z.boolean(),
  languages: z.array(Language),
  /** When a closed agency opens next, within the coming week. */
  opensAt: z.iso.datetime().optional(),
});
export type AgencyAvailability = z.infer<typeof AgencyAvailability>;

export const AvailabilitySnapshot = z.strictObject({ at: z.iso.datetime(), agencies: z.array(AgencyAvailability) });
export type AvailabilitySnapshot = z.infer<typeof AvailabilitySnapshot>;
