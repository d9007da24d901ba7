/**
 * The reports' queries. Each takes the caller's scope (scope.ts) and the filters, and returns rows
 * shaped as the protocol's report rows. Days and months are the service's time zone; a period is
 * `[from 00:00, to + 1 day 00:00)` local time, compared with the session's end (the instant a
 * transaction becomes billable), so a session over midnight counts on the day it ended.
 */
import type {
  DemandQuery,
  DemandRow,
  FeedbackCommentRow,
  FeedbackSummaryRow,
  MonthlyTransactionsRow,
  ReportQuery,
  ServiceLevelRow,
  TransactionQuery,
  TransactionRow,
} from '@etapiste/protocol';
import type { SqlClient } from '../ledger/database.js';
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
const iso = (value: Date | string) => new Date(value).toISOString();

export class ReportStore {
  constructor(
    private readonly db: SqlClient,
    private readonly timeZone: string,
    private readonly maxRows: number,
  ) {}

  /** Period, scope and the common filters on a table with the given alias and time column. */
  #filter(
    query: { from: string; to: string; agency?: string | undefined; language?: string | undefined },
    scope: Scope,
    alias: string,
    timeColumn: string,
    extra: { pointId?: string | undefined; expertId?: string | undefined; visitId?: string | undefined } = {},
  ): SqlFilter {
    const f = new SqlFilter();
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

  async serviceLevel(query: ReportQuery, scope: Scope, targets: ServiceTargets): Promise<Rows<ServiceLevelRow>> {
    const f = this.#filter(query, scope, 't', 'ended_at', query);
    const agencies = targets.agencies();
    const names = f.param(agencies);
    const seconds = f.param(agencies.map((a) => targets.targetSeconds(a)));
    const fallback = f.param(DEFAULT_TARGET_SECONDS);
    const rows = await this.db.query<{
      point_id: string;
      agency: string;
      answered: number;
      asa: number | null;
      max_wait: number | null;
      target: number;
      in_target: number;
      avg_duration: number | null;
    }>(
      `WITH targets AS (SELECT * FROM unnest(${names}::text[], ${seconds}::int[]) AS g(agency, target))
       SELECT t.point_id, t.agency, count(*)::int AS answered,
              avg(extract(epoch FROM t.answered_at - t.queued_at))::float8 AS asa,
              max(extract(epoch FROM t.answered_at - t.queued_at))::float8 AS max_wait,
              coalesce(g.target, ${fallback}::int)::int AS target,
              count(*) FILTER (WHERE extract(epoch FROM t.answered_at - t.queued_at)
                                     <= coalesce(g.target, ${fallback}::int))::int AS in_target,
              avg(extract(epoch FROM t.ended_at - t.answered_at))::float8 AS avg_duration
         FROM transactions t LEFT JOIN targets g ON g.agency = t.agency
         ${f.where()}
        GROUP BY t.point_id, t.agency, g.target
        ORDER BY 1, 2`,
      f.params,
    );
    return {
      truncated: false,
      rows: rows.map((r) => ({
        pointId: r.point_id,
        agency: r.agency,
        answered: r.answered,
        asaSeconds: round1(r.asa),
        maxWaitSeconds: round1(r.max_wait),
        serviceLevelTargetSeconds: r.target,
        serviceLevelPct: r.answered > 0 ? round1((100 * r.in_target) / r.answered) : null,
        averageDurationSeconds: round1(r.avg_duration),
      })),
    };
  }

  async demand(query: DemandQuery, scope: Scope): Promise<Rows<DemandRow>> {
    const f = new SqlFilter();
    f.add(query.from, (p) => `d.day >= ${p}::date`);
    f.add(query.to, (p) => `d.day <= ${p}::date`);
    f.add(scope.agencies ? [...scope.agencies] : undefined, (p) => `d.agency = ANY(${p}::text[])`);
    f.add(query.agency, (p) => `d.agency = ${p}`);
    f.add(query.language, (p) => `d.language = ${p}`);
    const format = f.param(query.groupBy === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM');
    const rows = await this.db.query<{
      period: string;
      agency: string;
      language: DemandRow['language'];
      answered: number;
      abandoned: number;
      cancelled: number;
      denied: number;
      in_target: number;
      wait_sum_ms: number;
    }>(
      `SELECT to_char(d.day, ${format}) AS period, d.agency, d.language,
              sum(d.answered)::int AS answered, sum(d.abandoned)::int AS abandoned,
              sum(d.cancelled)::int AS cancelled, sum(d.denied)::int AS denied,
              sum(d.in_target)::int AS in_target, sum(d.wait_sum_ms)::float8 AS wait_sum_ms
         FROM daily_demand d ${f.where()}
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3`,
      f.params,
    );
    return {
      truncated: false,
      rows: rows.map((r) => ({
        period: r.period,
        agency: r.agency,
        language: r.language,
        answered: r.answered,
        abandoned: r.abandoned,
        cancelled: r.cancelled,
        denied: r.denied,
        asaSeconds: r.answered > 0 ? round1(r.wait_sum_ms / r.answered / 1000) : null,
        serviceLevelPct: r.answered > 0 ? round1((100 * r.in_target) / r.answered) : null,
      })),
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
              count(comment)::int AS commented, avg(rating)::float8 AS average,
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

  async feedbackComments(query: ReportQuery, scope: Scope): Promise<Rows<FeedbackCommentRow>> {
    const f = this.#filter(query, scope, 'b', 'ended_at', query);
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
