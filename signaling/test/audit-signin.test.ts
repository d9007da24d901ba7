/**
 * Sign-ins leave a trace: the real signaling server, with the ledger on PGlite, records accepted
 * and refused sign-ins of people and point devices on the audit chain, with the address they came
 * from and never the secret that was tried.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readAudit, verifyAuditChain } from '../src/ledger/audit-chain.js';
import { type Harness, login, loginPoint, post, startHarness } from './support/harness.js';
import { until } from './support/until.js';

jest.setTimeout(60_000);

describe('audit of sign-ins', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ LEDGER_ENABLED: 'true', LEDGER_DATA_DIR: 'memory://' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records accepted and refused sign-ins, people and points, without the secrets tried', async () => {
    const db = h.signaling.ledger?.db;
    if (!db) throw new Error('the ledger runs in this test');
    await login(h.baseUrl, 'erik');
    expect((await post(h.baseUrl, '/api/auth/login', { username: 'erik', password: 'wrong-password-1' })).status).toBe(
      401,
    );
    await loginPoint(h.baseUrl, 'mikkeli');
    expect(
      (await post(h.baseUrl, '/api/auth/point', { pointId: 'mikkeli', pointKey: 'not-the-key-of-mikkeli' })).status,
    ).toBe(401);

    await until('four audit rows', async () => (await readAudit(db, { limit: 10 })).length >= 4);
    const rows = await readAudit(db, { limit: 10 });
    const seen = rows
      .map((r) => ({ action: r.action, actor: r.actor.id, address: r.address }))
      .sort((a, b) => a.action.localeCompare(b.action));
    expect(seen).toEqual([
      { action: 'auth.login', actor: 'erik', address: '127.0.0.1' },
      { action: 'auth.login-failed', actor: 'erik', address: '127.0.0.1' },
      { action: 'auth.point-login', actor: 'mikkeli', address: '127.0.0.1' },
      { action: 'auth.point-login-failed', actor: 'point:mikkeli', address: '127.0.0.1' },
    ]);
    const stored = JSON.stringify(await db.query('SELECT * FROM audit_events'));
    expect(stored).not.toContain('wrong-password-1');
    expect(stored).not.toContain('not-the-key-of-mikkeli');
    expect(stored).not.toContain('etapiste-demo');
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
