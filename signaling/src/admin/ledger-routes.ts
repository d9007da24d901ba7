/**
 * `/api/admin/*` routes over the ledger, for administrators only (anyone else: 403 FORBIDDEN, and
 * the attempt audited, as for the directory's routes in routes.ts):
 *  - corrections of a transaction's billing (ledger/corrections.ts): void, reinstate, list;
 *  - erasure of a visit's free text on request (retention/visit-erasure.ts);
 *  - the audit trail as CSV (`/api/admin/audit.csv`), oldest first; the export is itself audited.
 * A correction and an erasure are written with their audit row in one database transaction.
 */
import {
  AuditCsvRow,
  AuditExportQuery,
  Correction,
  CorrectionCreate,
  EntityId,
  ProtocolError,
  TransactionCorrections,
  VisitErase,
  VisitErasure,
} from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { TokenService } from '../auth/tokens.js';
import { readAudit } from '../ledger/audit-chain.js';
import { correctTransaction, readCorrections } from '../ledger/corrections.js';
import type { LedgerDatabase } from '../ledger/database.js';
import { bearerPrincipal, identifyFirst } from '../reports/authenticate.js';
import { csvFormat, toCsv } from '../reports/csv.js';
import { eraseVisit } from '../retention/visit-erasure.js';

export interface LedgerAdminRouteDeps {
  tokens: TokenService;
  audit: AuditTrail;
  /** The ledger's database, where this process runs the ledger; otherwise these routes answer UNAVAILABLE. */
  ledgerDb: () => LedgerDatabase | undefined;
  timeZone: string;
}

const SessionParams = z.strictObject({ sessionId: EntityId });
const VisitParams = z.strictObject({ visitId: EntityId });

export async function ledgerAdminRoutes(app: FastifyInstance, deps: LedgerAdminRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tag = { tags: ['admin'], security: [{ bearerAuth: [] }] };

  // Who is asking is settled before the body is validated: 401 without a valid token, 403 (audited)
  // for anyone who is not an administrator, whatever they sent.
  const caller = identifyFirst(app, async (request) => {
    const principal = await bearerPrincipal(request, deps.tokens);
    if (!principal.capabilities.includes('administer')) {
      await deps.audit
        .record(
          'admin.forbidden',
          { id: principal.id, role: principal.role },
          { target: `${request.method} ${request.routeOptions.url ?? request.url}`.slice(0, 200), address: request.ip },
        )
        .catch((error: unknown) => request.log.error({ err: error }, 'audit event not recorded'));
      throw new ProtocolError('FORBIDDEN');
    }
    return principal;
  });

  const context = (request: FastifyRequest) => {
    const principal = caller(request);
    const db = deps.ledgerDb();
    if (!db) throw new ProtocolError('UNAVAILABLE');
    return { actor: { id: principal.id, role: principal.role }, db };
  };

  api.get(
    '/api/admin/transactions/:sessionId/corrections',
    {
      schema: {
        ...tag,
        summary: "A transaction's billing corrections, oldest first, and whether it is billed now",
        params: SessionParams,
        response: { 200: TransactionCorrections },
      },
    },
    async (request) => readCorrections(context(request).db, request.params.sessionId),
  );

  api.post(
    '/api/admin/transactions/:sessionId/corrections',
    {
      schema: {
        ...tag,
        summary:
          "Corrects a transaction's billing with a compensating row: `void` (not billed) or `reinstate` (billed again), with a reason; 409 CORRECTION_REFUSED when it does not fit (reason `already-voided` or `not-voided`)",
        params: SessionParams,
        body: CorrectionCreate,
        response: { 201: Correction },
      },
    },
    async (request, reply) => {
      const { actor, db } = context(request);
      const correction = await correctTransaction(db, {
        sessionId: request.params.sessionId,
        kind: request.body.kind,
        reason: request.body.reason,
        actor,
        address: request.ip,
      });
      request.log.info(
        { sessionId: correction.sessionId, kind: correction.kind, n: correction.n, principalId: actor.id },
        'ledger correction made',
      );
      return reply.status(201).send(correction);
    },
  );

  api.post(
    '/api/admin/visits/:visitId/erase',
    {
      schema: {
        ...tag,
        summary:
          "Erases a visit's free text on request (the customer's feedback comments, the specialists' wrap-up notes); audited with the reason and the counts, never the text",
        params: VisitParams,
        body: VisitErase,
        response: { 200: VisitErasure },
      },
    },
    async (request) => {
      const { actor, db } = context(request);
      const erasure = await eraseVisit(db, {
        visitId: request.params.visitId,
        reason: request.body.reason,
        actor,
        address: request.ip,
      });
      request.log.info({ ...erasure, principalId: actor.id }, 'visit free text erased');
      return erasure;
    },
  );

  api.get(
    '/api/admin/audit.csv',
    {
      schema: {
        ...tag,
        summary:
          'The audit trail as CSV, oldest first (filters as `/api/admin/audit`; `lang`, `delimiter` as the reports; at most 10 000 rows, `X-Report-Truncated` says when cut)',
        querystring: AuditExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { actor, db } = context(request);
      const { lang, delimiter, limit, ...filters } = request.query;
      const found = await readAudit(db, { ...filters, limit: limit + 1, order: 'asc' });
      const truncated = found.length > limit;
      const rows: AuditCsvRow[] = found.slice(0, limit).map((r) => ({
        seq: r.seq,
        at: r.at,
        action: r.action,
        actorId: r.actor.id,
        actorRole: r.actor.role ?? null,
        target: r.target ?? null,
        address: r.address ?? null,
        details: r.details === undefined ? null : JSON.stringify(r.details),
        prevHash: r.prevHash,
        hash: r.hash,
      }));
      // An export of who did what is itself recorded, before it is answered.
      await deps.audit
        .record('report.export', actor, {
          target: 'report:audit',
          address: request.ip,
          details: { filters: { ...filters, limit }, format: 'csv', rows: rows.length, truncated },
        })
        .catch(() => {
          throw new ProtocolError('UNAVAILABLE');
        });
      const format = csvFormat({ lang, ...(delimiter ? { delimiter } : {}) }, deps.timeZone);
      const none = () => undefined;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit_${new Date().toISOString().slice(0, 10)}.csv"`)
        .header('x-report-truncated', String(truncated))
        .send(toCsv(AuditCsvRow, rows, format, { point: none, agency: none, expert: none }));
    },
  );
}
