/**
 * Documents shared in a session, against a real Redis, the real server and its embedded database:
 * a file is taken by its content, not its name; only the session's two sides upload and download;
 * the bytes are encrypted at rest; each upload and download is audited; a document goes when its
 * retention after the session has passed.
 */
import type { Offer, Session, SessionDocuments, SharedDocument } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, tokenFor, writeQueueSeed } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(60_000);

/** A minimal PDF: enough for its magic bytes and a viewer. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('documents in a session', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  let tokens: { expert: string; other: string; point: string; otherPoint: string };

  const upload = (token: string, sessionId: string, body: Buffer | string, name = 'lomake.pdf') =>
    fetch(`${h.baseUrl}/api/sessions/${sessionId}/documents?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body,
    });
  const download = (token: string, sessionId: string, documentId: string) =>
    fetch(`${h.baseUrl}/api/sessions/${sessionId}/documents/${documentId}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed([
        { id: 'tax-fi', skills: [{ agency: 'tax', language: 'fi' }] },
        { id: 'kela-fi', skills: [{ agency: 'kela', language: 'fi' }] },
      ]),
      LEDGER_ENABLED: 'true',
      LEDGER_DATA_DIR: 'memory://',
      DOCUMENT_MAX_BYTES: String(64 * 1024),
      SOCKET_COMMANDS_PER_SECOND: '1000',
    });
    tokens = {
      expert: await tokenFor(h.signaling, 'tax-fi'),
      other: await tokenFor(h.signaling, 'kela-fi'),
      point: await pointToken(h.signaling, 'p1'),
      otherPoint: await pointToken(h.signaling, 'p2'),
    };
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('shares by content between the two sides only, encrypted, audited, and lets it go after retention', async () => {
    const expert = await connect(h.baseUrl, tokens.expert);
    const point = await connect(h.baseUrl, tokens.point);
    sockets.push(expert, point);
    await ok(request(expert, 'presence:set', { state: 'available' }));
    const offered = nextEvent(expert, 'offer:incoming');
    await ok(request(point, 'request:create', { agency: 'tax', language: 'fi' }));
    const offer: Offer = await offered;
    const { sessionId } = await ok<Session>(request(expert, 'offer:accept', { offerId: offer.offerId }));

    // The point sends a photo named like a PDF: it is a PNG by its bytes, and says so.
    const told = nextEvent(expert, 'document:shared');
    const photo = await upload(tokens.point, sessionId, PNG, '../../etc/passwd\u0007.pdf');
    expect(photo.status).toBe(201);
    const shared = (await photo.json()) as SharedDocument;
    expect(shared).toMatchObject({ sessionId, from: 'point', contentType: 'image/png', size: PNG.length });
    expect(shared.name).toBe('passwd.pdf');
    expect(await told).toEqual(shared);

    // The specialist sends a PDF for printing.
    const pdf = (await (await upload(tokens.expert, sessionId, PDF)).json()) as SharedDocument;
    expect(pdf).toMatchObject({ from: 'expert', contentType: 'application/pdf', name: 'lomake.pdf' });
    expect((await ok<SessionDocuments>(request(point, 'document:list', { sessionId }))).documents).toEqual([
      shared,
      pdf,
    ]);

    // Each side downloads what the other sent, byte for byte, as an attachment that is not sniffed.
    const got = await download(tokens.expert, sessionId, shared.documentId);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(PNG);
    expect(Buffer.from(await (await download(tokens.point, sessionId, pdf.documentId)).arrayBuffer())).toEqual(PDF);

    // Nobody else: another specialist, another point, no token at all.
    for (const token of [tokens.other, tokens.otherPoint]) {
      expect((await download(token, sessionId, pdf.documentId)).status).toBe(404);
      expect((await upload(token, sessionId, PDF)).status).toBe(404);
    }
    expect((await fetch(`${h.baseUrl}/api/sessions/${sessionId}/documents/${pdf.documentId}`)).status).toBe(401);
    const outsider = await connect(h.baseUrl, tokens.otherPoint);
    sockets.push(outsider);
    expect(await code(request(outsider, 'document:list', { sessionId }))).toBe('NOT_FOUND');

    // Not a PDF, JPEG or PNG by its content (whatever its name), empty, or over the limit: refused.
    for (const [body, name] of [
      [Buffer.from('MZ\x90\x00 not really a program'), 'lomake.pdf'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'kuva.png'],
      [Buffer.alloc(0), 'tyhjä.pdf'],
    ] as const) {
      const refused = await upload(tokens.point, sessionId, body, name);
      expect([name, refused.status]).toEqual([name, 415]);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('DOCUMENT_REFUSED');
    }
    const big = Buffer.concat([PDF, Buffer.alloc(65 * 1024)]);
    expect((await upload(tokens.point, sessionId, big)).status).toBe(413);
    expect((await ok<SessionDocuments>(request(point, 'document:list', { sessionId }))).documents).toHaveLength(2);

    // At rest the bytes are ciphertext: neither the PDF's text nor the PNG's signature is in the table.
    const db = h.signaling.ledger?.db;
    if (!db) throw new Error('the ledger database');
    const rows = await db.query<{ ciphertext: Uint8Array }>('SELECT ciphertext FROM session_documents');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const stored = Buffer.from(row.ciphertext);
      expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
      expect(stored.includes(PNG.subarray(0, 8))).toBe(false);
    }

    // Each upload and download is on the audit trail.
    await until('four document audit events', async () => {
      const jobs = await h.signaling.audit.queue.getJobs(['waiting', 'active', 'completed', 'delayed']);
      const actions = jobs.map((j) => j.data.action);
      return (
        actions.filter((a) => a === 'document.upload').length === 2 &&
        actions.filter((a) => a === 'document.download').length === 2
      );
    });

    // The session ends: uploads stop; the documents stay for the retention time, then go.
    await ok(request(expert, 'session:end', { sessionId }));
    expect((await upload(tokens.point, sessionId, PDF)).status).toBe(409);
    expect((await download(tokens.point, sessionId, pdf.documentId)).status).toBe(200);
    // Their expiry was brought forward to the session's end plus the retention (24 h by default).
    const [expiry] = await db.query<{ latest: Date | string }>(
      'SELECT max(expires_at) AS latest FROM session_documents',
    );
    expect(new Date(expiry?.latest ?? 0).getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    expect(new Date(expiry?.latest ?? 0).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await db.query(`UPDATE session_documents SET expires_at = now() - interval '1 second'`);
    expect((await download(tokens.point, sessionId, pdf.documentId)).status).toBe(404);
    expect((await ok<SessionDocuments>(request(point, 'document:list', { sessionId }))).documents).toEqual([]);
  });
});
