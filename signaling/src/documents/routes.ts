/**
 * Documents over HTTP: the bytes of an upload and a download (`/api/sessions/:sessionId/documents`).
 * An upload is the file itself as the body; its type is read from its content (magic bytes, the
 * `file-type` library), never from its name or the header the browser sent. Only the session's
 * two sides may upload (while it runs) or download (until the document expires); each upload and
 * download is on the audit trail before it is answered.
 */
import {
  DOCUMENT_TYPES,
  type DocumentType,
  DocumentUploadQuery,
  EntityId,
  ProtocolError,
  SharedDocument,
} from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { TokenService } from '../auth/tokens.js';
import type { AppServer } from '../realtime/types.js';
import { bearerPrincipal, identifyFirst } from '../reports/authenticate.js';
import { sessionOfMember, sessionRooms } from '../sessions/session-membership.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { DocumentStore } from './document-store.js';

export interface DocumentRouteDeps {
  tokens: TokenService;
  sessions: SessionStore;
  /** Undefined where this process has no database: documents are refused (UNAVAILABLE). */
  documents: () => DocumentStore | undefined;
  audit: AuditTrail;
  io: AppServer;
  maxBytes: number;
}

const SessionParams = z.strictObject({ sessionId: EntityId });
const DocumentParams = z.strictObject({ sessionId: EntityId, documentId: EntityId });
const UPLOAD_TYPES = ['application/octet-stream', ...DOCUMENT_TYPES];

export async function documentRoutes(app: FastifyInstance, deps: DocumentRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tag = { tags: ['documents'], security: [{ bearerAuth: [] }] };

  // The body is the file: taken as bytes up to the limit (over it: 413 PAYLOAD_TOO_LARGE, unread).
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: deps.maxBytes }, (_request, body, done) =>
    done(null, body),
  );

  // Who asks is settled before the path, the query and the body are read: without a valid token
  // 401 whatever was sent (and an upload's bytes are not taken in for nobody).
  const caller = identifyFirst(app, (request) => bearerPrincipal(request, deps.tokens));

  function store(): DocumentStore {
    const documents = deps.documents();
    if (!documents) throw new ProtocolError('UNAVAILABLE', { reason: 'no-database' });
    return documents;
  }

  async function audited(request: FastifyRequest, ...[action, actor, facts]: Parameters<AuditTrail['record']>) {
    await deps.audit.record(action, actor, { address: request.ip, ...facts }).catch(() => {
      throw new ProtocolError('UNAVAILABLE');
    });
  }

  api.post(
    '/api/sessions/:sessionId/documents',
    {
      bodyLimit: deps.maxBytes,
      schema: {
        ...tag,
        summary: 'Shares a PDF, JPEG or PNG in a session in progress (the body is the file)',
        params: SessionParams,
        querystring: DocumentUploadQuery,
        response: { 201: SharedDocument },
      },
    },
    async (request, reply) => {
      const principal = caller(request);
      const session = await sessionOfMember(deps.sessions, principal, request.params.sessionId);
      if (session.endedAt !== undefined) throw new ProtocolError('NOT_IN_SESSION');
      const content = request.body;
      if (!Buffer.isBuffer(content) || content.length === 0) throw new ProtocolError('DOCUMENT_REFUSED');
      const detected = await fileTypeFromBuffer(content);
      const contentType = DOCUMENT_TYPES.find((type) => type === detected?.mime) as DocumentType | undefined;
      if (!contentType) throw new ProtocolError('DOCUMENT_REFUSED', { reason: 'type' });
      const from = principal.role === 'point' ? 'point' : 'expert';
      // Marked before it is stored: an end between the two still sets the expiry of what is there.
      await deps.sessions.markDocuments(session.sessionId);
      const document = await store().add({
        sessionId: session.sessionId,
        from,
        uploadedBy: principal.id,
        name: cleanName(request.query.name),
        contentType,
        content,
      });
      await audited(
        request,
        'document.upload',
        { id: principal.id, role: principal.role },
        {
          target: `document:${document.documentId}`,
          details: { sessionId: session.sessionId, contentType, size: document.size },
        },
      );
      deps.io.to(await sessionRooms(deps.sessions, session)).emit('document:shared', document);
      request.log.info(
        { sessionId: session.sessionId, documentId: document.documentId, contentType },
        'document shared',
      );
      return reply.status(201).send(document);
    },
  );

  api.get(
    '/api/sessions/:sessionId/documents/:documentId',
    { schema: { ...tag, summary: 'Downloads a document of the session', params: DocumentParams } },
    async (request, reply) => {
      const principal = caller(request);
      const session = await sessionOfMember(deps.sessions, principal, request.params.sessionId);
      const document = await store().get(session.sessionId, request.params.documentId);
      if (!document) throw new ProtocolError('NOT_FOUND');
      await audited(
        request,
        'document.download',
        { id: principal.id, role: principal.role },
        { target: `document:${document.documentId}`, details: { sessionId: session.sessionId } },
      );
      return reply
        .type(document.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(document.content);
    },
  );
}

/** The name as shown, never as a path: the last segment, without control characters. */
function cleanName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 200) || 'document';
}
