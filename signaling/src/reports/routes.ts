/**
 * `/api/reports/*`: the ledger's reports over HTTP. Every report is one definition that gives two
 * routes: JSON at its path, and the same rows as CSV at `<path>.csv` (written for the asked
 * language's spreadsheet, with names beside the ids: csv.ts). The caller is a Bearer access token;
 * who sees which rows is decided once, in scope.ts. Rows naming a specialist carry their name from
 * the directory. Schemas come from the protocol package and also make the OpenAPI document
 * (openapi.ts).
 *
 * Every read is recorded on the audit trail before its rows are answered (who, which report, the
 * filters, JSON or CSV, how many rows): reports hold other people's work and customers' words, and
 * a read whose record cannot be handed over is refused (UNAVAILABLE) rather than left unrecorded.
 */
import {
  BillingCorrectionReport,
  BillingCorrectionRow,
  BillingCsvQuery,
  BillingQuery,
  BillingReport,
  BillingRow,
  type CsvOptions,
  DemandCsvQuery,
  DemandQuery,
  DemandReport,
  DemandRow,
  FeedbackCommentCsvQuery,
  FeedbackCommentQuery,
  FeedbackCommentReport,
  FeedbackCommentRow,
  FeedbackSummaryReport,
  FeedbackSummaryRow,
  MonthlyTransactionsReport,
  MonthlyTransactionsRow,
  ProtocolError,
  ReportCsvQuery,
  ReportQuery,
  ServiceLevelReport,
  ServiceLevelRow,
  TransactionCsvQuery,
  TransactionQuery,
  TransactionReport,
  TransactionRow,
} from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { TokenService } from '../auth/tokens.js';
import type { Directory } from '../directory/directory.js';
import { bearerPrincipal, identifyFirst } from './authenticate.js';
import { type CsvNames, csvFormat, toCsv } from './csv.js';
import type { ReportStore, Rows, ServiceTargets } from './report-store.js';
import { type Scope, scopeFor } from './scope.js';

export interface ReportRouteDeps {
  tokens: TokenService;
  directory: Directory;
  /** Undefined when this process runs without the ledger: reports then answer UNAVAILABLE. */
  reports: () => ReportStore | undefined;
  /** Where each read is recorded (`report.view` for JSON, `report.export` for CSV). */
  audit: AuditTrail;
}

interface ReportDefinition {
  path: string;
  summary: string;
  query: z.ZodType<{ from: string; to: string; agency?: string | undefined; expertId?: string | undefined }>;
  /** The same filters and the CSV's language and delimiter. */
  csvQuery: z.ZodType;
  row: z.ZodObject;
  report: z.ZodType;
  /** Whether rows belong to one specialist (experts may then see their own). */
  perExpert: boolean;
  run(store: ReportStore, query: never, scope: Scope): Promise<Rows<object>>;
}

const define = <Q extends ReportDefinition['query']>(
  d: Omit<ReportDefinition, 'query' | 'run'> & {
    query: Q;
    run(store: ReportStore, query: z.output<Q>, scope: Scope): Promise<Rows<object>>;
  },
): ReportDefinition => d as unknown as ReportDefinition;

export async function reportRoutes(app: FastifyInstance, deps: ReportRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const targets: ServiceTargets = {
    agencies: () => deps.directory.agencies().map((a) => a.id),
    targetSeconds: (agency) => deps.directory.agency(agency)?.serviceLevelTargetSeconds ?? 120,
  };

  const names: CsvNames = {
    point: (id, lang) => deps.directory.point(id)?.name[lang],
    agency: (id, lang) => deps.directory.agency(id)?.name[lang],
    expert: (id) => deps.directory.user(id)?.displayName,
    municipality: (id, lang) => deps.directory.municipality(id)?.name[lang],
  };
  const withExpertName = (row: Record<string, unknown>) => {
    if (typeof row.expertId !== 'string') return row;
    const expertName = names.expert(row.expertId);
    return expertName === undefined ? row : { ...row, expertName };
  };

  const definitions: ReportDefinition[] = [
    define({
      path: '/api/reports/transactions',
      summary: 'Transactions (ended sessions), one row each, ordered by end time',
      query: TransactionQuery,
      csvQuery: TransactionCsvQuery,
      row: TransactionRow,
      report: TransactionReport,
      perExpert: true,
      run: (store, query, scope) => store.transactions(query, scope),
    }),
    define({
      path: '/api/reports/transactions/monthly',
      summary: 'Transactions per point × agency × language × month: the basis of the compensation',
      query: ReportQuery,
      csvQuery: ReportCsvQuery,
      row: MonthlyTransactionsRow,
      report: MonthlyTransactionsReport,
      perExpert: true,
      run: (store, query, scope) => store.monthlyTransactions(query, scope),
    }),
    define({
      path: '/api/reports/service-level',
      summary:
        'Average speed of answer, service level, abandoned, cancelled and denied demand per point (municipality) × agency',
      query: ReportQuery,
      csvQuery: ReportCsvQuery,
      row: ServiceLevelRow,
      report: ServiceLevelReport,
      perExpert: false,
      run: (store, query, scope) => store.serviceLevel(query, scope, targets),
    }),
    define({
      path: '/api/reports/demand',
      summary:
        'Answered, abandoned, cancelled and denied demand, ASA and service level per point × agency × language × day or month',
      query: DemandQuery,
      csvQuery: DemandCsvQuery,
      row: DemandRow,
      report: DemandReport,
      perExpert: false,
      run: (store, query, scope) => store.demand(query, scope, targets),
    }),
    define({
      path: '/api/reports/feedback',
      summary: 'Customer feedback per point × agency: responses, skips, comments, average rating',
      query: ReportQuery,
      csvQuery: ReportCsvQuery,
      row: FeedbackSummaryRow,
      report: FeedbackSummaryReport,
      perExpert: true,
      run: (store, query, scope) => store.feedbackSummary(query, scope),
    }),
    define({
      path: '/api/reports/feedback/comments',
      summary:
        "Customers' comments, oldest first, with their rating and the specialist by name; filters: period, agency, language, point, rating",
      query: FeedbackCommentQuery,
      csvQuery: FeedbackCommentCsvQuery,
      row: FeedbackCommentRow,
      report: FeedbackCommentReport,
      perExpert: true,
      run: (store, query, scope) => store.feedbackComments(query, scope),
    }),
    define({
      path: '/api/reports/billing',
      summary:
        'Municipal billing per month × municipality (its points rolled up) × agency × language: transactions, corrections made in the month (voided, reinstated) and the billable net; whole months `from`–`to` (YYYY-MM)',
      query: BillingQuery,
      csvQuery: BillingCsvQuery,
      row: BillingRow,
      report: BillingReport,
      perExpert: false,
      run: (store, query, scope) => store.billing.billing(query, scope),
    }),
    define({
      path: '/api/reports/billing/corrections',
      summary:
        "The billing's corrections one by one, by the month they were made: the transaction, its month, void or reinstate, the reason and the administrator",
      query: BillingQuery,
      csvQuery: BillingCsvQuery,
      row: BillingCorrectionRow,
      report: BillingCorrectionReport,
      perExpert: false,
      run: (store, query, scope) => store.billing.corrections(query, scope),
    }),
  ];

  // Who asks is settled before the query is read: without a valid token 401 whatever the query
  // (a bad query from nobody is not worth a 400 that tells them how to write a good one).
  const caller = identifyFirst(app, (request) => bearerPrincipal(request, deps.tokens));

  for (const d of definitions) {
    // The querystring has passed `d.query` by the time a handler runs (schema-first routes).
    const produce = async (request: FastifyRequest, format: 'json' | 'csv') => {
      const query = request.query as z.output<ReportDefinition['query']>;
      const principal = caller(request);
      const scope = scopeFor(principal, query, d.perExpert);
      const store = deps.reports();
      if (!store) throw new ProtocolError('UNAVAILABLE');
      const result = await d.run(store, query as never, scope);
      const rows = result.rows.map((row) => withExpertName(row as Record<string, unknown>));
      await deps.audit
        .record(
          format === 'csv' ? 'report.export' : 'report.view',
          { id: principal.id, role: principal.role },
          {
            target: `report:${d.path.replace('/api/reports/', '')}`,
            address: request.ip,
            // The validated query: ids, codes and days only (the schemas allow nothing else).
            details: { filters: { ...query }, format, rows: rows.length, truncated: result.truncated },
          },
        )
        .catch((error: unknown) => {
          request.log.error({ err: error, report: d.path }, 'report read not audited; refused');
          throw new ProtocolError('UNAVAILABLE');
        });
      request.log.info(
        { event: 'report', report: d.path, principalId: principal.id, role: principal.role, rows: result.rows.length },
        'report read',
      );
      return { rows, truncated: result.truncated, from: query.from, to: query.to, timeZone: store.timeZone };
    };
    const common = { tags: ['reports'], summary: d.summary, security: [{ bearerAuth: [] }] };

    api.get(d.path, { schema: { ...common, querystring: d.query, response: { 200: d.report } } }, async (request) => {
      const { rows, truncated, from, to } = await produce(request, 'json');
      return { from, to, generatedAt: new Date().toISOString(), rows, truncated };
    });

    api.get(
      `${d.path}.csv`,
      {
        schema: {
          ...common,
          querystring: d.csvQuery,
          summary: `${d.summary} (CSV: semicolons and decimal commas for lang fi/sv, commas for en, or as \`delimiter\` says; names beside ids; Europe/Helsinki local times)`,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const { rows, truncated, from, to, timeZone } = await produce(request, 'csv');
        const format = csvFormat(request.query as CsvOptions, timeZone);
        const name = `${d.path.replace('/api/reports/', '').replaceAll('/', '-')}_${from}_${to}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('x-report-truncated', String(truncated))
          .send(toCsv(d.row, rows, format, names));
      },
    );
  }
}
