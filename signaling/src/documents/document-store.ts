/**
 * Documents shared in a session, in the database (shared by every signaling process), encrypted.
 * A document is kept until `expires_at`: set at upload to the longest a session may last plus the
 * retention (so a session whose end was never seen still lets it go), and brought forward to the
 * session's end plus the retention when it ends. Expired rows are deleted by `sweep`, which every
 * process with the database runs hourly (idempotent), and are never served meanwhile.
 */
import { randomBytes } from 'node:crypto';
import type { DocumentType, SharedDocument } from '@etapiste/protocol';
import type { LedgerDatabase } from '../ledger/database.js';
import { open, seal } from './document-crypto.js';

interface DocumentRow {
  document_id: string;
  session_id: string;
  from_role: 'point' | 'expert';
  name: string;
  content_type: DocumentType;
  size: number;
  created_at: Date | string;
}

export interface StoredDocument extends SharedDocument {
  content: Buffer;
}

export class DocumentStore {
  constructor(
    private readonly db: LedgerDatabase,
    private readonly key: Buffer,
    private readonly retentionMs: number,
    /** The longest a session may last: a document's expiry before its session's end is known. */
    private readonly sessionLimitMs: number,
  ) {}

  async add(input: {
    sessionId: string;
    from: 'point' | 'expert';
    uploadedBy: string;
    name: string;
    contentType: DocumentType;
    content: Buffer;
    now?: Date;
  }): Promise<SharedDocument> {
    const now = input.now ?? new Date();
    const documentId = `d${randomBytes(12).toString('base64url')}`;
    const sealed = seal(this.key, input.content, documentId);
    const expiresAt = new Date(now.getTime() + this.sessionLimitMs + this.retentionMs);
    await this.db.query(
      `INSERT INTO session_documents (document_id, session_id, from_role, uploaded_by, name, content_type, size,
         iv, tag, ciphertext, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        documentId,
        input.sessionId,
        input.from,
        input.uploadedBy,
        input.name,
        input.contentType,
        input.content.length,
        sealed.iv,
        sealed.tag,
        sealed.ciphertext,
        now.toISOString(),
        expiresAt.toISOString(),
      ],
    );
    return {
      documentId,
      sessionId: input.sessionId,
      from: input.from,
      name: input.name,
      contentType: input.contentType,
      size: input.content.length,
      at: now.toISOString(),
    };
  }

  async list(sessionId: string): Promise<SharedDocument[]> {
    const rows = await this.db.query<DocumentRow>(
      `SELECT document_id, session_id, from_role, name, content_type, size, created_at FROM session_documents
        WHERE session_id = $1 AND expires_at > now() ORDER BY created_at, document_id`,
      [sessionId],
    );
    return rows.map(view);
  }

  async get(sessionId: string, documentId: string): Promise<StoredDocument | undefined> {
    const [row] = await this.db.query<DocumentRow & { iv: Uint8Array; tag: Uint8Array; ciphertext: Uint8Array }>(
      `SELECT document_id, session_id, from_role, name, content_type, size, created_at, iv, tag, ciphertext
         FROM session_documents WHERE session_id = $1 AND document_id = $2 AND expires_at > now()`,
      [sessionId, documentId],
    );
    if (!row) return undefined;
    const content = open(
      this.key,
      { iv: Buffer.from(row.iv), tag: Buffer.from(row.tag), ciphertext: Buffer.from(row.ciphertext) },
      row.document_id,
    );
    return { ...view(row), content };
  }

  /** The session ended: its documents go the retention time after it. */
  async sessionEnded(sessionId: string, endedAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE session_documents SET expires_at = LEAST(expires_at, $2::timestamptz) WHERE session_id = $1`,
      [sessionId, new Date(endedAt.getTime() + this.retentionMs).toISOString()],
    );
  }

  /** Deletes what has expired; returns how many. */
  async sweep(): Promise<number> {
    const rows = await this.db.query('DELETE FROM session_documents WHERE expires_at <= now() RETURNING document_id');
    return rows.length;
  }
}

function view(row: DocumentRow): SharedDocument {
  return {
    documentId: row.document_id,
    sessionId: row.session_id,
    from: row.from_role,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    at: new Date(row.created_at).toISOString(),
  };
}
