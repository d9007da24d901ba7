/**
 * Municipal billing: what each municipality is owed per month, agency and language, from the
 * ledger's transactions and the administrators' corrections (ledger/corrections.ts).
 *
 * - A transaction counts in the month (service time zone) in which it **ended**, at the
 *   municipality its point belongs to in the directory (`directory_entries`, deactivated points
 *   included, so a closed point's past work is still billed to its municipality).
 * - A correction counts in the month in which it was **made**, against the municipality, agency and
 *   language of its transaction: an invoice sent for a month never changes afterwards; a void of an
 *   earlier month's transaction is a credit line on the month's invoice. The corrections report
 *   lists each one with the month its transaction was in.
 *
 * Both are read with the same filters and the caller's scope (a supervisor: their agencies).
 */
import type { BillingCorrectionRow, BillingQuery, BillingRow, Language } from '@etapiste/protocol';
import type { SqlClient } from '../ledger/database.js';
import type { Rows } from './report-store.js';
import type { Scope } from './scope.js';
import { SqlFilter } from './sql-filter.js';

/** Each point's municipality, from the directory's point entries (active or not). */
const POINT_MUNICIPALITIES = `point_municipalities AS (
  SELECT id AS point_id, doc->>'municipalityId' AS municipality_id FROM directory_entries WHERE kind = 'point')`;

export class BillingStore {
  constructor(
    private readonly db: SqlClient,
    readonly timeZone: string,
    private readonly maxRows: number,
  ) {}

  /**
   * The months `[from-01 00:00, to-01 + 1 month 00:00)` local time on `column`, and the filters on
   * the transaction `t` and its municipality `m`.
   */
  #filter(query: BillingQuery, scope: Scope, column: string, f: SqlFilter): string {
    const tz = f.param(this.timeZone);
    f.add(query.from, (p) => `${column} >= ((${p}::text || '-01')::date)::timestamp AT TIME ZONE ${tz}`);
    f.add(query.to, (p) => `${column} < ((${p}::text || '-01')::date + interval '1 month') AT TIME ZONE ${tz}`);
    f.add(scope.agencies ? [...scope.agencies] : undefined, (p) => `t.agency = ANY(${p}::text[])`);
    f.add(scope.expertId, (p) => `t.expert_id = ${p}`);
    f.add(query.agency, (p) => `t.agency = ${p}`);
    f.add(query.language, (p) => `t.language = ${p}`);
    f.add(query.municipalityId, (p) => `m.municipality_id = ${p}`);
    return f.takeWhere();
  }

  async billing(query: BillingQuery, scope: Scope): Promise<Rows<BillingRow>> {
    const f = new SqlFilter();
    const tz = f.param(this.timeZone);
    const ledgerWhere = this.#filter(query, scope, 't.ended_at', f);
    const correctionsWhere = this.#filter(query, scope, 'c.corrected_at', f);
    // '' stands for "no municipality" inside the query: NULLs would not meet in the join.
    const rows = await this.db.query<{
      month: string;
      municipality_id: string;
      agency: string;
      language: Language;
      points: number;
      transactions: number;
      voided: number;
      reinstated: number;
    }>(
      `WITH ${POINT_MUNICIPALITIES},
       ledger AS (
         SELECT to_char(t.ended_at AT TIME ZONE ${tz}, 'YYYY-MM') AS month,
                coalesce(m.municipality_id, '') AS municipality_id, t.agency, t.language,
                count(DISTINCT t.point_id)::int AS points, count(*)::int AS transactions
           FROM transactions t LEFT JOIN point_municipalities m ON m.point_id = t.point_id ${ledgerWhere}
          GROUP BY 1, 2, 3, 4),
       corrections AS (
         SELECT to_char(c.corrected_at AT TIME ZONE ${tz}, 'YYYY-MM') AS month,
                coalesce(m.municipality_id, '') AS municipality_id, t.agency, t.language,
                count(*) FILTER (WHERE c.kind = 'void')::int AS voided,
                count(*) FILTER (WHERE c.kind = 'reinstate')::int AS reinstated
           FROM transaction_corrections c
           JOIN transactions t ON t.session_id = c.session_id
           LEFT JOIN point_municipalities m ON m.point_id = t.point_id ${correctionsWhere}
          GROUP BY 1, 2, 3, 4)
       SELECT month, municipality_id, agency, language, coalesce(l.points, 0)::int AS points,
              coalesce(l.transactions, 0)::int AS transactions, coalesce(c.voided, 0)::int AS voided,
              coalesce(c.reinstated, 0)::int AS reinstated
         FROM ledger l FULL OUTER JOIN corrections c USING (month, municipality_id, agency, language)
        ORDER BY 1, 2, 3, 4`,
      f.params,
    );
    return {
      truncated: false,
      rows: rows.map((r) => ({
        month: r.month,
        municipalityId: r.municipality_id === '' ? null : r.municipality_id,
        agency: r.agency,
        language: r.language,
        points: r.points,
        transactions: r.transactions,
        voided: r.voided,
        reinstated: r.reinstated,
        billable: r.transactions - r.voided + r.reinstated,
      })),
    };
  }

  async corrections(query: BillingQuery, scope: Scope): Promise<Rows<BillingCorrectionRow>> {
    const f = new SqlFilter();
    const tz = f.param(this.timeZone);
    const where = this.#filter(query, scope, 'c.corrected_at', f);
    const rows = await this.db.query<{
      correction_id: string;
      corrected_at: Date;
      month: string;
      session_id: string;
      transaction_month: string;
      point_id: string;
      municipality_id: string | null;
      agency: string;
      language: Language;
      kind: 'void' | 'reinstate';
      reason: string;
      actor_id: string;
    }>(
      `WITH ${POINT_MUNICIPALITIES}
       SELECT c.correction_id, c.corrected_at, to_char(c.corrected_at AT TIME ZONE ${tz}, 'YYYY-MM') AS month,
              c.session_id, to_char(t.ended_at AT TIME ZONE ${tz}, 'YYYY-MM') AS transaction_month, t.point_id,
              m.municipality_id, t.agency, t.language, c.kind, c.reason, c.actor_id
         FROM transaction_corrections c
         JOIN transactions t ON t.session_id = c.session_id
         LEFT JOIN point_municipalities m ON m.point_id = t.point_id ${where}
        ORDER BY c.corrected_at, c.session_id, c.n
        LIMIT ${f.param(this.maxRows + 1)}`,
      f.params,
    );
    return {
      truncated: rows.length > this.maxRows,
      rows: rows.slice(0, this.maxRows).map((r) => ({
        correctionId: r.correction_id,
        month: r.month,
        correctedAt: new Date(r.corrected_at).toISOString(),
        sessionId: r.session_id,
        transactionMonth: r.transaction_month,
        pointId: r.point_id,
        municipalityId: r.municipality_id,
        agency: r.agency,
        language: r.language,
        kind: r.kind,
        reason: r.reason,
        correctedBy: r.actor_id,
      })),
    };
  }
}
