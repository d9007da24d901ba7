/**
 * `/api/reports/*`: the ledger's reports over HTTP. Every report is one definition that gives two
 * routes: JSON at its path, and the same rows as CSV at `<path>.csv`. The caller is a Bearer
 * access token; who sees which rows is decided once, in scope.ts. Schemas come from the protocol
 * package and also make the OpenAPI document (openapi.ts).
 */
import {
  DemandQuery,
  DemandReport,
  DemandRow,
  FeedbackCommentReport,
  FeedbackCommentRow,
  FeedbackSummaryReport,
  FeedbackSummaryRow,
  MonthlyTransactionsReport,
  MonthlyTransactionsRow,
  ProtocolError,
  ReportQuery,
  ServiceLevelReport,
  ServiceLevelRow,
  TransactionQuery,
  TransactionReport,
  TransactionRow,
} from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { TokenService } from '../auth/tokens.js';
import type { Directory } from '../directory/directory.js';
import { bearerPrincipal } from './authenticate.js';
import { toCsv } from './csv.js';
import type { ReportStore, Rows, ServiceTargets } from './report-store.js';
import { type Scope, scopeFor } from './scope.js';

export interface ReportRouteDeps {
  tokens: TokenService;
  directory: Directory;
  /** Undefined when this process runs without the ledger: reports then answer UNAVAILABLE. */
  reports: () => ReportStore | undefined;
}

interface ReportDefinition {
  path: string;
  summary: string;
  query: z.ZodType<{ from: string; to: string; agency?: string | undefined; expertId?: string | undefined }>;
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

  const definitions: ReportDefinition[] = [
    define({
      path: '/api/reports/transactions',
      summary: 'Transactions (ended sessions), one row each, ordered by end time',
      query: TransactionQuery,
      row: TransactionRow,
      report: TransactionReport,
      perExpert: true,
      run: (store, query, scope) => store.transactions(query, scope),
    }),
    define({
      path: '/api/reports/transactions/monthly',
      summary: 'Transactions per point × agency × language × month: the basis of the compensation',
      query: ReportQuery,
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
      row: DemandRow,
      report: DemandReport,
      perExpert: false,
      run: (store, query, scope) => store.demand(query, scope, targets),
    }),
    define({
      path: '/api/reports/feedback',
      summary: 'Customer feedback per point × agency: responses, skips, comments, average rating',
      query: ReportQuery,
      row: FeedbackSummaryRow,
      report: FeedbackSummaryReport,
      perExpert: true,
      run: (store, query, scope) => store.feedbackSummary(query, scope),
    }),
    define({
      path: '/api/reports/feedback/comments',
      summary: "Customers' comments, oldest first",
      query: ReportQuery,
      row: FeedbackCommentRow,
      report: FeedbackCommentReport,
      perExpert: true,
      run: (store, query, scope) => store.feedbackComments(query, scope),
    }),
  ];

  for (const d of definitions) {
    // The querystring has passed `d.query` by the time a handler runs (schema-first routes).
    const produce = async (request: FastifyRequest) => {
      const query = request.query as z.output<ReportDefinition['query']>;
      const principal = await bearerPrincipal(request, deps.tokens);
      const scope = scopeFor(principal, query, d.perExpert);
      const store = deps.reports();
      if (!store) throw new ProtocolError('UNAVAILABLE');
      const result = await d.run(store, query as never, scope);
      request.log.info(
        { event: 'report', report: d.path, principalId: principal.id, role: principal.role, rows: result.rows.length },
        'report read',
      );
      return { ...result, from: query.from, to: query.to };
    };
    const common = { tags: ['reports'], summary: d.summary, security: [{ bearerAuth: [] }], querystring: d.query };

    api.get(d.path, { schema: { ...common, response: { 200: d.report } } }, async (request) => {
      const { rows, truncated, from, to } = await produce(request);
      return { from, to, generatedAt: new Date().toISOString(), rows, truncated };
    });

    api.get(
      `${d.path}.csv`,
      { schema: { ...common, summary: `${d.summary} (CSV)`, produces: ['text/csv'] } },
      async (request, reply) => {
        const { rows, truncated, from, to } = await produce(request);
        const name = `${d.path.replace('/api/reports/', '').replaceAll('/', '-')}_${from}_${to}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('x-report-truncated', String(truncated))
          .send(toCsv(d.row, rows as Record<string, unknown>[]));
      },
    );
  }
}
