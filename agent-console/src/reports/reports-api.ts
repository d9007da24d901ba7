/**
 * The reports HTTP API (`/api/reports/*`, signaling/src/reports) with the signed-in user's access
 * token: JSON rows for the screen, the same rows as a CSV file for download. Errors come back as
 * CallClientError so the screen can translate them.
 */
import { CallClientError, type SessionTokens } from '@etapiste/call-client';

export const REPORTS = ['monthly', 'service-level', 'demand', 'feedback', 'comments', 'transactions'] as const;
export type ReportKind = (typeof REPORTS)[number];

const PATHS: Record<ReportKind, string> = {
  monthly: '/api/reports/transactions/monthly',
  'service-level': '/api/reports/service-level',
  demand: '/api/reports/demand',
  feedback: '/api/reports/feedback',
  comments: '/api/reports/feedback/comments',
  transactions: '/api/reports/transactions',
};

/** How the CSV is written: for Excel with Finnish or Swedish settings (`;`, decimal comma), or with commas. */
export type CsvDelimiter = 'semicolon' | 'comma';

export interface ReportAnswer {
  rows: Record<string, unknown>[];
  truncated: boolean;
}

export class ReportsApi {
  constructor(
    private readonly tokens: SessionTokens,
    private readonly baseUrl = '',
  ) {}

  async rows(kind: ReportKind, query: Record<string, string>): Promise<ReportAnswer> {
    const response = await this.#get(`${PATHS[kind]}?${new URLSearchParams(query)}`);
    const body = (await response.json()) as ReportAnswer;
    return { rows: body.rows, truncated: body.truncated };
  }

  /** The CSV in `lang` (names columns) with the chosen delimiter. */
  async csv(
    kind: ReportKind,
    query: Record<string, string>,
    format: { lang: string; delimiter: CsvDelimiter } = { lang: 'fi', delimiter: 'semicolon' },
  ): Promise<{ blob: Blob; fileName: string }> {
    const response = await this.#get(`${PATHS[kind]}.csv?${new URLSearchParams({ ...query, ...format })}`);
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${kind}.csv`;
    return { blob: await response.blob(), fileName };
  }

  async #get(path: string): Promise<Response> {
    let response: Response;
    try {
      const token = await this.tokens.accessToken();
      response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      throw CallClientError.from(error);
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown } } | undefined;
      throw CallClientError.from(body?.error ?? {});
    }
    return response;
  }
}
