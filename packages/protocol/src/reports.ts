/**
 * The reports HTTP API (`/api/reports/*`): query parameters and response bodies. Every report
 * answers JSON at its path and the same rows as CSV at `<path>.csv`; see docs/ledger.md.
 * Periods are calendar days in the service's time zone (Europe/Helsinki), both ends included.
 */
import { z } from 'zod';
import { AgencyId, EntityId, Language, PointId, Slug, UserId } from './domain.js';

/** Longest period one report covers: a little over a year, enough for an annual compensation. */
export const REPORT_MAX_DAYS = 400;
export const REPORT_MAX_ROWS = 10_000;

const Day = z.iso.date();
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
