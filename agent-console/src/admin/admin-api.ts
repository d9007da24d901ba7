/**
 * The administration HTTP API (`/api/admin/*`, signaling/src/admin/routes.ts) with the signed-in
 * administrator's access token. Refusals come back as AdminApiError, which keeps what the screens
 * need to say why: the code (translated through `common:errors`), the `reason` of an IN_USE or
 * CONFLICT refusal, and the fields a VALIDATION_FAILED names.
 */
import type { ClientErrorCode, SessionTokens } from '@etapiste/call-client';
import {
  type AgencyEntry,
  type AuditAction,
  type AuditRow,
  type BillingCorrectionReport,
  type BillingReport,
  type Correction,
  type CorrectionCreate,
  isErrorCode,
  type MunicipalityEntry,
  type PersonEntry,
  type PointEntry,
  type PointKeyIssued,
  type TransactionCorrections,
  type VisitErasure,
} from '@etapiste/protocol';
import type { CsvDelimiter } from '../reports/reports-api.js';

/** The entry types as the API sends them (the protocol exports the schemas; these are their outputs). */
export type AgencyItem = (typeof AgencyEntry)['_output'];
export type MunicipalityItem = (typeof MunicipalityEntry)['_output'];
export type PointItem = (typeof PointEntry)['_output'];
export type PersonItem = (typeof PersonEntry)['_output'];

/** The directory's kinds as they are named in the API's paths. */
export interface AdminItems {
  agencies: AgencyItem;
  municipalities: MunicipalityItem;
  points: PointItem;
  people: PersonItem;
}
export type AdminKind = keyof AdminItems;
export type AnyItem = AdminItems[AdminKind];

export class AdminApiError extends Error {
  readonly code: ClientErrorCode;
  /** Why an IN_USE or CONFLICT refusal was made (`agency-has-waiting-customers`, `already-exists`…). */
  readonly reason: string | undefined;
  /** The fields a VALIDATION_FAILED names, as paths (`data.name.sv`). */
  readonly fields: string[];

  constructor(code: ClientErrorCode, reason?: string, fields: string[] = []) {
    super(code);
    this.name = 'AdminApiError';
    this.code = code;
    this.reason = reason;
    this.fields = fields;
  }

  /** Whether the entry changed since it was read: reloading it is the way on. */
  get stale(): boolean {
    return this.code === 'STALE_VERSION' || (this.code === 'CONFLICT' && this.reason !== 'already-exists');
  }
}

export interface AuditQuery {
  from?: string;
  to?: string;
  action?: AuditAction;
  actorId?: string;
  beforeSeq?: number;
  limit?: number;
}

/** The billing's filters (`/api/reports/billing`): whole months, and perhaps one municipality. */
export interface BillingFilters {
  from: string;
  to: string;
  municipalityId?: string;
}

/** The two billing reports: the rows an invoice is written from, and the corrections one by one. */
export type BillingKind = 'billing' | 'corrections';
const BILLING_PATHS: Record<BillingKind, string> = {
  billing: '/api/reports/billing',
  corrections: '/api/reports/billing/corrections',
};

export interface AuditVerification {
  rows: number;
  ok: boolean;
  lastHash: string;
  firstBroken?: { seq: number; eventId: string; reason: 'content-changed' | 'chain-broken' };
}

export class AdminApi {
  constructor(
    private readonly tokens: Pick<SessionTokens, 'accessToken'>,
    private readonly baseUrl = '',
  ) {}

  list<K extends AdminKind>(kind: K): Promise<AdminItems[K][]> {
    return this.#call('GET', `/api/admin/${kind}`);
  }

  /** Creates an entry; people also need their first password. */
  create<K extends AdminKind>(kind: K, body: { data: unknown; password?: string }): Promise<AdminItems[K]> {
    return this.#call('POST', `/api/admin/${kind}`, body);
  }

  /** Saves an edit made on `version`; a stale version is refused (STALE_VERSION), nothing written. */
  update<K extends AdminKind>(
    kind: K,
    id: string,
    body: { version: number; data: unknown; password?: string },
  ): Promise<AdminItems[K]> {
    return this.#call('PUT', `/api/admin/${kind}/${encodeURIComponent(id)}`, body);
  }

  setActive(
    kind: AdminKind,
    id: string,
    version: number,
    active: boolean,
  ): Promise<{ id: string; version: number; active: boolean }> {
    const path = `/api/admin/${kind}/${encodeURIComponent(id)}/${active ? 'activate' : 'deactivate'}`;
    return this.#call('POST', path, { version });
  }

  /** Issues a point's device key (a rotation when one is in force); the answer is the only place it is shown. */
  issueKey(pointId: string, version: number): Promise<PointKeyIssued> {
    return this.#call('POST', `/api/admin/points/${encodeURIComponent(pointId)}/key`, { version });
  }

  revokeKey(pointId: string, version: number): Promise<PointItem> {
    return this.#call('POST', `/api/admin/points/${encodeURIComponent(pointId)}/key/revoke`, { version });
  }

  audit(query: AuditQuery): Promise<AuditRow[]> {
    return this.#call('GET', `/api/admin/audit?${queryString(query)}`);
  }

  /**
   * The audit trail as CSV, oldest first, with the same filters; names in `lang`, the delimiter
   * the reader's spreadsheet splits on. The export is itself audited by the server.
   */
  async auditCsv(
    query: Omit<AuditQuery, 'beforeSeq' | 'limit'>,
    format: { lang: string; delimiter: 'semicolon' | 'comma' },
  ): Promise<{ blob: Blob; fileName: string }> {
    return this.#file(`/api/admin/audit.csv?${queryString({ ...query, ...format })}`, 'audit.csv');
  }

  verifyAudit(): Promise<AuditVerification> {
    return this.#call('GET', '/api/admin/audit/verify');
  }

  /**
   * Billing lives under `/api/reports` (supervisors read their agencies' part too), but its
   * corrections are this API's, and their refusals need the same reasons: one client for the screen.
   */
  billing(filters: BillingFilters): Promise<BillingReport> {
    return this.#call('GET', `${BILLING_PATHS.billing}?${queryString(filters)}`);
  }

  billingCorrections(filters: BillingFilters): Promise<BillingCorrectionReport> {
    return this.#call('GET', `${BILLING_PATHS.corrections}?${queryString(filters)}`);
  }

  /** A billing report as CSV: names in `lang`, the delimiter the reader's spreadsheet splits on. */
  async billingCsv(
    kind: BillingKind,
    filters: BillingFilters,
    format: { lang: string; delimiter: CsvDelimiter },
  ): Promise<{ blob: Blob; fileName: string }> {
    return this.#file(`${BILLING_PATHS[kind]}.csv?${queryString({ ...filters, ...format })}`, `${kind}.csv`);
  }

  /** A transaction's corrections, oldest first, and whether it is billed now; NOT_FOUND for no such transaction. */
  corrections(sessionId: string): Promise<TransactionCorrections> {
    return this.#call('GET', `/api/admin/transactions/${encodeURIComponent(sessionId)}/corrections`);
  }

  /** Voids or reinstates a transaction; CORRECTION_REFUSED (`already-voided`, `not-voided`) when it does not fit. */
  correct(sessionId: string, body: CorrectionCreate): Promise<Correction> {
    return this.#call('POST', `/api/admin/transactions/${encodeURIComponent(sessionId)}/corrections`, body);
  }

  /** Erases a visit's free text (feedback comments, wrap-up notes); the answer counts what went. */
  eraseVisit(visitId: string, reason: string): Promise<VisitErasure> {
    return this.#call('POST', `/api/admin/visits/${encodeURIComponent(visitId)}/erase`, { reason });
  }

  async #file(path: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
    const response = await this.#fetch('GET', path);
    if (!response.ok) throw await refusal(response);
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
    return { blob: await response.blob(), fileName };
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.#fetch(method, path, body);
    if (!response.ok) throw await refusal(response);
    return (await response.json()) as T;
  }

  async #fetch(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      const token = await this.tokens.accessToken();
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new AdminApiError(codeOf(error) ?? 'NETWORK');
    }
  }
}

/** The query string of the filters given (empty ones left out: the API refuses them). */
function queryString(query: object): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params;
}

/** A refusal's wire error as an AdminApiError (an unreadable one as INTERNAL). */
async function refusal(response: Response): Promise<AdminApiError> {
  const answer = (await response.json().catch(() => undefined)) as
    | { error?: { code?: unknown; reason?: unknown; fields?: unknown } }
    | undefined;
  const wire = answer?.error;
  return new AdminApiError(
    isErrorCode(wire?.code) ? wire.code : 'INTERNAL',
    typeof wire?.reason === 'string' ? wire.reason : undefined,
    Array.isArray(wire?.fields) ? wire.fields.filter((f): f is string => typeof f === 'string') : [],
  );
}

/** A token store that failed says why (TOKEN_EXPIRED, SESSION_REVOKED…) with a code of its own. */
function codeOf(error: unknown): ClientErrorCode | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code)) return error.code;
  return undefined;
}
