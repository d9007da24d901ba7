/** The session documents' HTTP side (`/api/sessions/:sessionId/documents`), with the page's token. */
import type { SharedDocument } from '@etapiste/protocol';
import { CallClientError } from './errors.js';
import type { SessionTokens } from './session-tokens.js';

export class DocumentsApi {
  constructor(
    private readonly tokens: SessionTokens,
    private readonly baseUrl = '',
  ) {}

  /** Sends the file as it is; the server decides its type by its content. */
  async upload(sessionId: string, file: Blob, name: string): Promise<SharedDocument> {
    const response = await this.#fetch(
      `/api/sessions/${encodeURIComponent(sessionId)}/documents?name=${encodeURIComponent(name)}`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file },
    );
    return (await response.json()) as SharedDocument;
  }

  async download(document: SharedDocument): Promise<Blob> {
    const response = await this.#fetch(
      `/api/sessions/${encodeURIComponent(document.sessionId)}/documents/${encodeURIComponent(document.documentId)}`,
      {},
    );
    return response.blob();
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      const token = await this.tokens.accessToken();
      response = await fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
      });
    } catch (error) {
      throw CallClientError.from(error);
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown } } | undefined;
      throw CallClientError.from(body?.error ?? { code: response.status === 413 ? 'PAYLOAD_TOO_LARGE' : undefined });
    }
    return response;
  }
}
