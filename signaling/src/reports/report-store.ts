/**
 * The reports' queries. Each takes the caller's scope (scope.ts) and the filters, and returns rows
 * shaped as the protocol's report rows. Days and months are the service's time zone; a period is
 * `[from 00:00, to + 1 day 00:00)` local time, compared with the session's end (the instant a
 * transaction becomes billable), so a session over midnight counts on the day it ended; demand
 * compares the time answered and the demand event's time.
 */
import type {
  DemandQuery,
  DemandRow,
  FeedbackCommentQuery,
  FeedbackCommentRow,
  FeedbackSummaryRow,
  Language,
  MonthlyTransactionsRow,
  ReportQuery,
  ServiceLevelRow,
  TransactionQuery,
  TransactionRow,
} from '@etapiste/protocol';
import type { SqlClient } from '../ledger/database.js';
import { BillingStore } from './billing-store.js';
import type { Scope } from './scope.js';
import { SqlFilter } from './sql-filter.js';

export interface Rows<Row> {
  rows: Row[];
  truncated: boolean;
}

/** What a report needs to know about the agencies: their service-level targets. */
export interface ServiceTargets {
  /** Seconds; the queue's default when an agency is no longer in the seed. */
  targetSeconds(agency: string): number;
  agencies(): string[];
}

const DEFAULT_TARGET_SECONDS = 120;

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** Answered requests of a group of transactions `t` joined to `targets g`. */
const answeredFigures = (target: string) => `count(*)::int AS answered,
  sum(extract(epoch FROM t.answered_at - t.queued_at))::float8 AS wait_sum,
  count(*) FILTER (WHERE extract(epoch FROM t.answered_at - t.queued_at) <= ${target})::int AS in_target`;
interface AnsweredFigures {
  answered: number;
  /** Null where the group had no transactions (only demand events). */
  wait_sum: number | null;
  in_target: number | null;
}

/** Unanswered demand of a group of demand events `e`. */
const EVENT_FIGURES = `count(*) FILTER (WHERE e.kind = 'abandoned')::int AS abandoned,
  count(*) FILTER (WHERE e.kind = 'cancelled')::int AS cancelled,
  count(*) FILTER (WHERE e.kind = 'denied')::int AS denied`;
interface EventFigures {
  abandoned: number;
  cancelled: number;
  denied: number;
}

const asa = (r: AnsweredFigures) => (r.answered > 0 && r.wait_sum !== null ? round1(r.wait_sum / r.answered) : null);
const serviceLevel = (r: AnsweredFigures) => (r.answered > 0 ? round1((100 * (r.in_target ?? 0)) / r.answered) : null);

/** The counts, and abandonment: requests that left the queue unanswered, of all that were queued. */
function unanswered(r: AnsweredFigures & EventFigures) {
  const queued = r.answered + r.abandoned + r.cancelled;
  return {
    answered: r.answered,
    abandoned: r.abandoned,
    cancelled: r.cancelled,
    denied: r.denied,
    abandonmentPct: queued > 0 ? round1((100 * (r.abandoned + r.cancelled)) / queued) : null,
  };
}
const iso = (value: Date | string) => new Date(value).toISOString();

export class ReportStore {
  /** Municipal billing (billing-store.ts), on the same database. */
  readonly billing: BillingStore;

  constructor(
    private readonly db: SqlClient,
    /** The service's time zone: days and months of the reports, and the CSV's local times. */
    readonly timeZone: string,
    private readonly maxRows: number,
  ) {
    this.billing = new BillingStore(db, timeZone, maxRows);
  }

  /** Period, scope and the common filters on a table with the given alias and time column. */
  #filter(
    query: { from: string; to: string; agency?: string | undefined; language?: string | undefined },
    scope: Scope,
    alias: string,
    timeColumn: string,
    extra: { pointId?: string | undefined; expertId?: string | undefined; visitId?: string | undefined } = {},
    f = new SqlFilter(),
  ): SqlFilter {
    const tz = f.param(this.timeZone);
    const col = (name: string) => `${alias}.${name}`;
    f.add(query.from, (p) => `${col(timeColumn)} >= (${p}::date)::timestamp AT TIME ZONE ${tz}`);
    f.add(query.to, (p) => `${col(timeColumn)} < (${p}::date + 1)::timestamp AT TIME ZONE ${tz}`);
    f.add(scope.agencies ? [...scope.agencies] : undefined, (p) => `${col('agency')} = ANY(${p}::text[])`);
    f.add(scope.expertId, (p) => `${col('expert_id')} = ${p}`);
    f.add(query.agency, (p) => `${col('agency')} = ${p}`);
    f.add(query.language, (p) => `${col('language')} = ${p}`);
    f.add(extra.pointId, (p) => `${col('point_id')} = ${p}`);
    f.add(extra.expertId, (p) => `${col('expert_id')} = ${p}`);
    f.add(extra.visitId, (p) => `${col('visit_id')} = ${p}`);
    return f;
  }

  async transactions(query: TransactionQuery, scope: Scope): Promise<Rows<TransactionRow>> {
    const f = this.#filter(query, scope, 't', 'ended_at', query);
    const limit = Math.min(query.limit, this.maxRows);
    const rows = await this.db.query<{
      session_id: string;
      visit_id: string;
      ticket_id: string;
      point_id: string;
      expert_id: string;
      agency: string;
      language: TransactionRow['language'];
      topic: string | null;
      outcome: string;
      transferred_from: string | null;
      queued_at: Date;
      answered_at: Date;
      ended_at: Date;
      wait_seconds: number;
      duration_seconds: number;
    }>(
      `SELECT session_id, visit_id, ticket_id, point_id, expert_id, agency, language, topic, outcome,
              transferred_from, queued_at, answered_at, ended_at,
              extract(epoch FROM answered_at - queued_at)::float8 AS wait_seconds,
              extract(epoch FROM ended_at - answered_at)::float8 AS duration_seconds
         FROM transactions t ${f.where()}
        ORDER BY ended_at, session_id
        LIMIT ${f.param(limit + 1)}`,
      f.params,
    );
    return {
      truncated: rows.length > limit,
      rows: rows.slice(0, limit).map((r) => ({
        sessionId: r.session_id,
        visitId: r.visit_id,
        ticketId: r.ticket_id,
        pointId: r.point_id,
        expertId: r.expert_id,
        agency: r.agency,
        language: r.language,
        topic: r.topic,
        outcome: r.outcome,
        transferredFrom: r.transferred_from,
        queuedAt: iso(r.queued_at),
        answeredAt: iso(r.answered_at),
        endedAt: iso(r.ended_at),
        waitSeconds: round1(r.wait_seconds) ?? 0,
        durationSeconds: round1(r.duration_seconds) ?? 0,
      })),
    };
  }

  async monthlyTransactions(query: ReportQuery, scope: Scope): Promise<Rows<MonthlyTransactionsRow>> {
    const f = this.#filter(query, scope, 't', 'ended_at', query);
    const rows = await this.db.query<{
      month: string;
      point_id: string;
      agency: string;
      language: MonthlyTransactionsRow['language'];
      transactions: number;
      transferred_in: number;
    }>(
      `SELECT to_char(ended_at AT TIME ZONE $1, 'YYYY-MM') AS month, point_id, agency, language,
              count(*)::int AS transactions, count(transferred_from)::int AS transferred_in
         FROM transactions t ${f.where()}
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4`,
      f.params,
    );
    return {
      truncated: false,
      rows: rows.map((r) => ({
        month: r.month,
        pointId: r.point_id,
        agency: r.agency,
        language: r.language,
        transactions: r.transactions,
        transferredIn: r.transferred_in,
      })),
    };
  }

  /**
   * Service level and unanswered demand per point × agency: the transactions (answered, by the
   * session's end) beside the demand events (by their time), joined so that a point with only
   * unanswered demand has its row too.
   */
  async serviceLevel(query: ReportQuery, scope: Scope, targets: ServiceTargets): Promise<Rows<ServiceLevelRow>> {
    const f = new SqlFilter();
    const g = this.#targets(f, targets);
    const answeredWhere = this.#filter(query, scope, 't', 'ended_at', query, f).takeWhere();
    const eventsWhere = this.#filter(query, scope, 'e', 'at', query, f).takeWhere();
    const rows = await this.db.query<
      AnsweredFigures &
        EventFigures & { point_id: string; agency: string; max_wait: number | null; avg_duration: number | null }
    >(
      `WITH ${g.sql},
       answered AS (
         SELECT t.point_id, t.agency, ${answeredFigures(g.target)},
                max(extract(epoch FROM t.answered_at - t.queued_at))::float8 AS max_wait,
                avg(extract(epoch FROM t.ended_at - t.answered_at))::float8 AS avg_duration
           FROM transactions t LEFT JOIN targets g ON g.agency = t.agency ${answeredWhere}
          GROUP BY t.point_id, t.agency),
       events AS (
         SELECT e.point_id, e.agency, ${EVENT_FIGURES}
           FROM demand_events e ${eventsWhere}
          GROUP BY e.point_id, e.agency)
       SELECT point_id, agency, coalesce(a.answered, 0)::int AS answered, a.wait_sum, a.in_target, a.max_wait,
              a.avg_duration, coalesce(e.abandoned, 0)::int AS abandoned,
              coalesce(e.cancelled, 0)::int AS cancelled, coalesce(e.denied, 0)::int AS denied
         FROM answered a FULL OUTER JOIN events e USING (point_id, agency)
        ORDER BY 1, 2`,
      f.params,
    );
    return {
      truncated: false,
      rows: rows.map((r) => ({
        pointId: r.point_id,
        agency: r.agency,
        ...unanswered(r),
        asaSeconds: asa(r),
        maxWaitSeconds: round1(r.max_wait),
        serviceLevelTargetSeconds: targets.targetSeconds(r.agency),
        serviceLevelPct: serviceLevel(r),
        averageDurationSeconds: round1(r.avg_duration),
      })),
    };
  }

  /**
   * Demand per period × point × agency × language: answered from the transactions (in the period
   * it was answered), abandoned, cancelled and denied from the demand events.
   */
  async demand(query: DemandQuery, scope: Scope, targets: ServiceTargets): Promise<Rows<DemandRow>> {
    const f = new SqlFilter();
    const g = this.#targets(f, targets);
    const tz = f.param(this.timeZone);
    const format = f.param(query.groupBy === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM');
    const answeredWhere = this.#filter(query, scope, 't', 'answered_at', query, f).takeWhere();
    const eventsWhere = this.#filter(query, scope, 'e', 'at', query, f).takeWhere();
    const rows = await this.db.query<
      AnsweredFigures & EventFigures & { period: string; point_id: string; agency: string; language: Language }
    >(
      `WITH ${g.sql},
       answered AS (
         SELECT to_char(t.answered_at AT TIME ZONE ${tz}, ${format}) AS period, t.point_id, t.agency, t.language,
                ${answeredFigures(g.target)}
           FROM transactions t LEFT JOIN targets g ON g.agency = t.agency ${answeredWhere}
          GROUP BY 1, 2, 3, 4),
       events AS (
         SELECT to_char(e.at AT TIME ZONE ${tz}, ${format}) AS period, e.point_id, e.agency, e.language,
                ${EVENT_FIGURES}
           FROM demand_events e ${eventsWhere}
          GROUP BY 1, 2, 3, 4)
       SELECT period, point_id, agency, language, coalesce(a.answered, 0)::int AS answered, a.wait_sum, a.in_target,
              coalesce(e.abandoned, 0)::int AS abandoned, coalesce(e.cancelled, 0)::int AS cancelled,
              coalesce(e.denied, 0)::int AS denied
         FROM answered a FULL OUTER JOIN events e USING (period, point_id, agency, language)
        ORDER BY 1, 2, 3, 4`,
      f.params,
    );
    return {
      truncated: false,
      rows: rows.map((r) => {
        const { answered, abandoned, cancelled, denied, abandonmentPct } = unanswered(r);
        return {
          period: r.period,
          pointId: r.point_id,
          agency: r.agency,
          language: r.language,
          answered,
          abandoned,
          cancelled,
          denied,
          asaSeconds: asa(r),
          serviceLevelPct: serviceLevel(r),
          abandonmentPct,
        };
      }),
    };
  }

  /**
   * The agencies' service-level targets as a `targets (agency, target)` table for a WITH clause,
   * and the expression of a transaction's target (the queue's default for an agency no longer in
   * the seed).
   */
  #targets(f: SqlFilter, targets: ServiceTargets): { sql: string; target: string } {
    const agencies = targets.agencies();
    const names = f.param(agencies);
    const seconds = f.param(agencies.map((a) => targets.targetSeconds(a)));
    const fallback = f.param(DEFAULT_TARGET_SECONDS);
    return {
      sql: `targets AS (SELECT * FROM unnest(${names}::text[], ${seconds}::int[]) AS u(agency, target))`,
      target: `coalesce(g.target, ${fallback}::int)`,
    };
  }

  async feedbackSummary(query: ReportQuery, scope: Scope): Promise<Rows<FeedbackSummaryRow>> {
    const f = this.#filter(query, scope, 'b', 'ended_at', query);
    const rows = await this.db.query<{
      point_id: string;
      agency: string;
      responses: number;
      rated: number;
      commented: number;
      average: number | null;
      r1: number;
      r2: number;
      r3: number;
      r4: number;
      r5: number;
    }>(
      `SELECT point_id, agency, count(*)::int AS responses, count(rating)::int AS rated,
              -- A comment removed (retention, erasure) was still given: it counts.
              count(*) FILTER (WHERE comment IS NOT NULL OR comment_removed_at IS NOT NULL)::int AS commented,
              avg(rating)::float8 AS average,
              count(*) FILTER (WHERE rating = 1)::int AS r1, count(*) FILTER (WHERE rating = 2)::int AS r2,
              count(*) FILTER (WHERE rating = 3)::int AS r3, count(*) FILTER (WHERE rating = 4)::int AS r4,
              count(*) FILTER (WHERE rating = 5)::int AS r5
         FROM feedback b ${f.where()}
        GROUP BY point_id, agency
        ORDER BY 1, 2`,
      f.params,
    );
    return {
      truncated: false,
      rows: rows.map((r) => ({
        pointId: r.point_id,
        agency: r.agency,
        responses: r.responses,
        rated: r.rated,
        skipped: r.responses - r.rated,
        commented: r.commented,
        averageRating: r.average === null ? null : Math.round(r.average * 100) / 100,
        rating1: r.r1,
        rating2: r.r2,
        rating3: r.r3,
        rating4: r.r4,
        rating5: r.r5,
      })),
    };
  }

  async feedbackComments(query: FeedbackCommentQuery, scope: Scope): Promise<Rows<FeedbackCommentRow>> {
    const f = this.#filter(query, scope, 'b', 'ended_at', query);
    f.add(query.rating, (p) => `b.rating = ${p}`);
    const where = f.where();
    const rows = await this.db.query<{
      session_id: string;
      submitted_at: Date;
      point_id: string;
      expert_id: string;
      agency: string;
      language: FeedbackCommentRow['language'];
      rating: number | null;
      comment: string;
    }>(
      `SELECT session_id, submitted_at, point_id, expert_id, agency, language, rating, comment
         FROM feedback b ${where ? `${where} AND` : 'WHERE'} comment IS NOT NULL
        ORDER BY submitted_at, session_id
        LIMIT ${f.param(this.maxRows + 1)}`,
      f.params,
    );
    return {
      truncated: rows.length > this.maxRows,
      rows: rows.slice(0, this.maxRows).map((r) => ({
        sessionId: r.session_id,
        submittedAt: iso(r.submitted_at),
        pointId: r.point_id,
        expertId: r.expert_id,
        agency: r.agency,
        language: r.language,
        rating: r.rating,
        comment: r.comment,
      })),
    };
  }
}
