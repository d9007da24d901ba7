/**
 * The reports HTTP API (`/api/reports/*`): query parameters and response bodies. Every report
 * answers JSON at its path and the same rows as CSV at `<path>.csv`; see docs/ledger.md.
 * Periods are calendar days in the service's time zone (Europe/Helsinki), both ends included.
 */
import { z } from 'zod';
import { AuditAction } from './audit.js';
import { AgencyId, EntityId, Language, PointId, Slug, UserId } from './domain.js';

/**
 * A Finnish personal identity code (the rule of notes and comments, queue.ts): an administrator's
 * reason is kept for good beside a correction or in the audit trail, so it must not carry one.
 */
const PERSONAL_IDENTITY_CODE = /\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]/i;

/** Longest period one report covers: a little over a year, enough for an annual compensation. */
export const REPORT_MAX_DAYS = 400;
export const REPORT_MAX_ROWS = 10_000;

const Day = z.iso.date().refine((day) => day >= '1900-01-01' && day <= '2999-12-31', 'out of range');
const DAY_MS = 86_400_000;

const periodIsValid = (q: { from: string; to: string }) =>
  q.from <= q.to && (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS < REPORT_MAX_DAYS;
const periodIssue = { message: `from ≤ to, at most ${REPORT_MAX_DAYS} days`, path: ['to'] };

const PeriodFields = {
  /** First day included, `YYYY-MM-DD`. */
  from: Day,
  /** Last day included, `YYYY-MM-DD`. */
  to: Day,
  agency: AgencyId.optional(),
  language: Language.optional(),
};

/**
 * How a CSV is written (`<path>.csv` only). `lang` names points, agencies and languages in the
 * names columns beside the ids; `delimiter` defaults to `semicolon` for fi and sv (with a decimal
 * comma, as Finnish and Swedish Excel read a file opened straight away) and `comma` for en (with a
 * decimal point). Times are local to Europe/Helsinki, `YYYY-MM-DD HH:MM:SS`.
 */
const CsvFields = {
  lang: Language.default('fi'),
  delimiter: z.enum(['semicolon', 'comma']).optional(),
};
export type CsvOptions = { lang: Language; delimiter?: 'semicolon' | 'comma' | undefined };

const ReportFields = { ...PeriodFields, pointId: PointId.optional() };
const TransactionFields = {
  ...PeriodFields,
  pointId: PointId.optional(),
  expertId: UserId.optional(),
  visitId: EntityId.optional(),
  limit: z.coerce.number().int().positive().max(REPORT_MAX_ROWS).default(1000),
};
const DemandFields = {
  ...PeriodFields,
  pointId: PointId.optional(),
  groupBy: z.enum(['day', 'month']).default('month'),
};
const FeedbackCommentFields = {
  ...ReportFields,
  /** Only comments that came with this rating. */
  rating: z.coerce.number().int().min(1).max(5).optional(),
};

/** Filters of every aggregate report. */
export const ReportQuery = z.strictObject(ReportFields).refine(periodIsValid, periodIssue);
export type ReportQuery = z.infer<typeof ReportQuery>;
export const ReportCsvQuery = z.strictObject({ ...ReportFields, ...CsvFields }).refine(periodIsValid, periodIssue);

/** Filters of the transaction list; `limit` caps the rows (the answer says when it cut). */
export const TransactionQuery = z.strictObject(TransactionFields).refine(periodIsValid, periodIssue);
export type TransactionQuery = z.infer<typeof TransactionQuery>;
export const TransactionCsvQuery = z
  .strictObject({ ...TransactionFields, ...CsvFields })
  .refine(periodIsValid, periodIssue);

/** Demand per point × agency × language, by day or month. */
export const DemandQuery = z.strictObject(DemandFields).refine(periodIsValid, periodIssue);
export type DemandQuery = z.infer<typeof DemandQuery>;
export const DemandCsvQuery = z.strictObject({ ...DemandFields, ...CsvFields }).refine(periodIsValid, periodIssue);

/** The customers' comments: the aggregate filters and one rating. */
export const FeedbackCommentQuery = z.strictObject(FeedbackCommentFields).refine(periodIsValid, periodIssue);
export type FeedbackCommentQuery = z.infer<typeof FeedbackCommentQuery>;
export const FeedbackCommentCsvQuery = z
  .strictObject({ ...FeedbackCommentFields, ...CsvFields })
  .refine(periodIsValid, periodIssue);

const count = z.number().int().nonnegative();
const Month = z.string().regex(/^\d{4}-\d{2}$/);

/** One transaction: one ended session, i.e. one agency serving one visit. */
export const TransactionRow = z.strictObject({
  sessionId: EntityId,
  visitId: EntityId,
  ticketId: EntityId,
  pointId: PointId,
  expertId: UserId,
  /** The specialist's name from the directory; absent when they are no longer in it. */
  expertName: z.string().optional(),
  agency: AgencyId,
  language: Language,
  topic: Slug.nullable(),
  outcome: Slug,
  /** The session this visit was transferred from, when it was. */
  transferredFrom: EntityId.nullable(),
  queuedAt: z.iso.datetime(),
  answeredAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  /** Queued → answered. */
  waitSeconds: z.number().nonnegative(),
  /** Answered → ended. */
  durationSeconds: z.number().nonnegative(),
});
export type TransactionRow = z.infer<typeof TransactionRow>;

/** Transactions per point × agency × language × month (of the end time): the compensation basis. */
export const MonthlyTransactionsRow = z.strictObject({
  month: Month,
  pointId: PointId,
  agency: AgencyId,
  language: Language,
  transactions: count,
  transferredIn: count,
});
export type MonthlyTransactionsRow = z.infer<typeof MonthlyTransactionsRow>;

/**
 * Demand per point (the municipality's service point) × agency × language × day or month: answered
 * from the transactions (by the time answered), the rest from the queue's demand events.
 */
export const DemandRow = z.strictObject({
  period: z.string(),
  pointId: PointId,
  agency: AgencyId,
  language: Language,
  /** Requests a specialist accepted (and whose session ended). */
  answered: count,
  /** The point's connection was lost for good while waiting. */
  abandoned: count,
  /** The point withdrew the request while waiting. */
  cancelled: count,
  /** Turned away at once: closed, or nobody with the language online. */
  denied: count,
  asaSeconds: z.number().nonnegative().nullable(),
  serviceLevelPct: z.number().min(0).max(100).nullable(),
  /** Abandoned and cancelled, percent of the requests that were queued (answered + abandoned + cancelled). */
  abandonmentPct: z.number().min(0).max(100).nullable(),
});
export type DemandRow = z.infer<typeof DemandRow>;

/**
 * Speed of answer and unanswered demand per point (the municipality's service point) × agency:
 * answered and waits from the transactions, the rest from the queue's demand events.
 */
export const ServiceLevelRow = z.strictObject({
  pointId: PointId,
  agency: AgencyId,
  answered: count,
  /** The point's connection was lost for good while waiting. */
  abandoned: count,
  /** The point withdrew the request while waiting. */
  cancelled: count,
  /** Turned away at once: closed, or nobody with the language online. */
  denied: count,
  /** Abandoned and cancelled, percent of the requests that were queued (answered + abandoned + cancelled). */
  abandonmentPct: z.number().min(0).max(100).nullable(),
  /** Average speed of answer, seconds. */
  asaSeconds: z.number().nonnegative().nullable(),
  /** Longest wait, seconds. */
  maxWaitSeconds: z.number().nonnegative().nullable(),
  serviceLevelTargetSeconds: z.number().int().positive(),
  /** Share answered within the agency's target, percent. */
  serviceLevelPct: z.number().min(0).max(100).nullable(),
  /** Average session length (answered → ended), seconds. */
  averageDurationSeconds: z.number().nonnegative().nullable(),
});
export type ServiceLevelRow = z.infer<typeof ServiceLevelRow>;

/** Feedback per point × agency: how many answered, skipped, commented, and the average rating. */
export const FeedbackSummaryRow = z.strictObject({
  pointId: PointId,
  agency: AgencyId,
  responses: count,
  rated: count,
  skipped: count,
  commented: count,
  averageRating: z.number().min(1).max(5).nullable(),
  rating1: count,
  rating2: count,
  rating3: count,
  rating4: count,
  rating5: count,
});
export type FeedbackSummaryRow = z.infer<typeof FeedbackSummaryRow>;

export const FeedbackCommentRow = z.strictObject({
  sessionId: EntityId,
  submittedAt: z.iso.datetime(),
  pointId: PointId,
  expertId: UserId,
  /** The specialist's name from the directory; absent when they are no longer in it. */
  expertName: z.string().optional(),
  agency: AgencyId,
  language: Language,
  rating: z.number().int().min(1).max(5).nullable(),
  comment: z.string(),
});
export type FeedbackCommentRow = z.infer<typeof FeedbackCommentRow>;

const report = <Row extends z.ZodType>(row: Row) =>
  z.strictObject({
    from: Day,
    to: Day,
    generatedAt: z.iso.datetime(),
    rows: z.array(row),
    /** True when `limit` (or REPORT_MAX_ROWS) cut the rows. */
    truncated: z.boolean(),
  });

export const TransactionReport = report(TransactionRow);
export type TransactionReport = z.infer<typeof TransactionReport>;
export const MonthlyTransactionsReport = report(MonthlyTransactionsRow);
export type MonthlyTransactionsReport = z.infer<typeof MonthlyTransactionsReport>;
export const DemandReport = report(DemandRow);
export type DemandReport = z.infer<typeof DemandReport>;
export const ServiceLevelReport = report(ServiceLevelRow);
export type ServiceLevelReport = z.infer<typeof ServiceLevelReport>;
export const FeedbackSummaryReport = report(FeedbackSummaryRow);
export type FeedbackSummaryReport = z.infer<typeof FeedbackSummaryReport>;
export const FeedbackCommentReport = report(FeedbackCommentRow);
export type FeedbackCommentReport = z.infer<typeof FeedbackCommentReport>;

// ── municipal billing ─────────────────────────────────────────────────────────────────────────

/** Longest billing period: 13 calendar months (a year and the month before it, for comparison). */
export const BILLING_MAX_MONTHS = 13;

const BillingMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
  .refine((month) => month >= '1900-01' && month <= '2999-12', 'out of range');
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthsAreValid = (q: { from: string; to: string }) =>
  q.from <= q.to && monthIndex(q.to) - monthIndex(q.from) < BILLING_MAX_MONTHS;
const monthsIssue = { message: `from ≤ to, at most ${BILLING_MAX_MONTHS} months`, path: ['to'] };

/**
 * Billing is by whole calendar months (Europe/Helsinki), both ends included, so a row is always a
 * whole month an invoice can be written for.
 */
const BillingFields = {
  /** First month included, `YYYY-MM`. */
  from: BillingMonth,
  /** Last month included, `YYYY-MM`. */
  to: BillingMonth,
  agency: AgencyId.optional(),
  language: Language.optional(),
  municipalityId: Slug.optional(),
};
export const BillingQuery = z.strictObject(BillingFields).refine(monthsAreValid, monthsIssue);
export type BillingQuery = z.infer<typeof BillingQuery>;
export const BillingCsvQuery = z.strictObject({ ...BillingFields, ...CsvFields }).refine(monthsAreValid, monthsIssue);

/**
 * What a municipality is owed for one month, agency and language: the transactions that ended in
 * the month at the municipality's points (rolled up by the point's `municipalityId` in the
 * directory), and apart from them the corrections made in the month (a void takes one off, a
 * reinstatement puts one back), whichever month their transaction was in, so an invoice already
 * sent never changes: a later correction is a line on a later invoice.
 */
export const BillingRow = z.strictObject({
  month: Month,
  /** Null for points that are not in the directory (never were, or were removed from the database). */
  municipalityId: Slug.nullable(),
  agency: AgencyId,
  language: Language,
  /** Service points of the municipality with transactions in the row. */
  points: count,
  /** Transactions ended in the month, as the ledger has them. */
  transactions: count,
  /** Transactions voided in the month by an administrator's correction. */
  voided: count,
  /** Voided transactions reinstated in the month. */
  reinstated: count,
  /** `transactions − voided + reinstated`: what the month's invoice counts (negative: a credit). */
  billable: z.number().int(),
});
export type BillingRow = z.infer<typeof BillingRow>;

/** A correction as the billing shows it: which transaction, from which month, why and by whom. */
export const BillingCorrectionRow = z.strictObject({
  correctionId: z.uuid(),
  /** The billing month the correction counts in (the month it was made). */
  month: Month,
  correctedAt: z.iso.datetime(),
  sessionId: EntityId,
  /** The month the corrected transaction ended in. */
  transactionMonth: Month,
  pointId: PointId,
  municipalityId: Slug.nullable(),
  agency: AgencyId,
  language: Language,
  kind: z.enum(['void', 'reinstate']),
  reason: z.string(),
  correctedBy: UserId,
});
export type BillingCorrectionRow = z.infer<typeof BillingCorrectionRow>;

const billingReport = <Row extends z.ZodType>(row: Row) =>
  z.strictObject({
    from: BillingMonth,
    to: BillingMonth,
    generatedAt: z.iso.datetime(),
    rows: z.array(row),
    truncated: z.boolean(),
  });
export const BillingReport = billingReport(BillingRow);
export type BillingReport = z.infer<typeof BillingReport>;
export const BillingCorrectionReport = billingReport(BillingCorrectionRow);
export type BillingCorrectionReport = z.infer<typeof BillingCorrectionReport>;

// ── ledger corrections and erasure (administrators, /api/admin) ──────────────────────────────

/** An administrator's reason: kept for good, so short and without personal identity codes. */
export const AdminReason = z
  .string()
  .trim()
  .min(3)
  .max(500)
  .refine((text) => !PERSONAL_IDENTITY_CODE.test(text), { message: 'no personal identity codes in a reason' });

/**
 * `void`: the transaction is not billed (a test call, a misdirected or duplicate session);
 * `reinstate`: a voided transaction is billed again. A transaction's corrections alternate, void
 * first, so it is either billed once or not at all (the database checks it, migration 9).
 */
export const CorrectionKind = z.enum(['void', 'reinstate']);
export type CorrectionKind = z.infer<typeof CorrectionKind>;

export const CorrectionCreate = z.strictObject({ kind: CorrectionKind, reason: AdminReason });
export type CorrectionCreate = z.infer<typeof CorrectionCreate>;

export const Correction = z.strictObject({
  correctionId: z.uuid(),
  sessionId: EntityId,
  /** 1 for the transaction's first correction, 2 for the next… (odd: void, even: reinstate). */
  n: z.number().int().positive(),
  kind: CorrectionKind,
  reason: z.string(),
  correctedBy: UserId,
  correctedAt: z.iso.datetime(),
});
export type Correction = z.infer<typeof Correction>;

/** A transaction's corrections, oldest first, and whether it is billed now. */
export const TransactionCorrections = z.strictObject({
  sessionId: EntityId,
  billable: z.boolean(),
  corrections: z.array(Correction),
});
export type TransactionCorrections = z.infer<typeof TransactionCorrections>;

/** Erasing a visit's free text on request: why (kept in the audit trail; not the erased text). */
export const VisitErase = z.strictObject({ reason: AdminReason });
export type VisitErase = z.infer<typeof VisitErase>;

/** What an erasure removed: how many of each, never the text. */
export const VisitErasure = z.strictObject({
  visitId: EntityId,
  feedbackComments: count,
  wrapUpNotes: count,
});
export type VisitErasure = z.infer<typeof VisitErasure>;

// ── the audit trail as CSV (administrators, /api/admin/audit.csv) ─────────────────────────────

/** The browse filters of `/api/admin/audit`, the CSV's language and delimiter, and up to 10 000 rows. */
export const AuditExportQuery = z.strictObject({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  action: AuditAction.optional(),
  actorId: z.string().max(120).optional(),
  limit: z.coerce.number().int().min(1).max(REPORT_MAX_ROWS).default(REPORT_MAX_ROWS),
  ...CsvFields,
});
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

/** One audit row in the CSV, oldest first; `details` as its JSON text. */
export const AuditCsvRow = z.strictObject({
  seq: z.number().int(),
  at: z.iso.datetime(),
  action: z.string(),
  actorId: z.string(),
  actorRole: z.string().nullable(),
  target: z.string().nullable(),
  address: z.string().nullable(),
  details: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditCsvRow = z.infer<typeof AuditCsvRow>;
