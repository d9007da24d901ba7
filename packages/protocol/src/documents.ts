/**
 * Documents shared in a session: the point sends a scanned document or a photo to the specialist,
 * the specialist a PDF to the point for printing. Checked by their content (magic bytes), not their
 * name; stored encrypted; kept `DOCUMENT_RETENTION_HOURS` after the session; downloadable only by
 * the session's two sides; every upload and download audited. The bytes go over HTTP
 * (`POST /api/sessions/:sessionId/documents`, `GET …/documents/:documentId`), the news over the socket.
 */
import { z } from 'zod';
import { EntityId } from './domain.js';

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const DocumentType = z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof DocumentType>;

export const SharedDocument = z.strictObject({
  documentId: EntityId,
  sessionId: EntityId,
  from: z.enum(['point', 'expert']),
  /** The file's name as the sender gave it (cleaned: no path, no control characters). */
  name: z.string().min(1).max(200),
  contentType: DocumentType,
  size: z.number().int().positive(),
  at: z.iso.datetime(),
});
export type SharedDocument = z.infer<typeof SharedDocument>;

export const SessionDocuments = z.strictObject({ sessionId: EntityId, documents: z.array(SharedDocument) });
export type SessionDocuments = z.infer<typeof SessionDocuments>;

/** The upload's query: the file's name (the body is the file itself, `application/octet-stream`). */
export const DocumentUploadQuery = z.strictObject({ name: z.string().trim().min(1).max(200) });
