/**
 * A replayed refresh token revokes its whole family (issue 12, item 3; OAuth 2.0 Security BCP,
 * refresh token rotation): the token issued by the earlier rotation stops refreshing, the family's
 * access tokens stop working, and the family's open connections are signed out with a coded
 * reason. The same person's other sign-ins are not touched.
 */
import type { TokenPair, WireError } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { SignJWT } from 'jose';
import { connect, type Harness, login, post, request, startHarness, type TestSocket } from './support/harness.js';

jest.setTimeout(30_000);

const SECRET = 'test-secret-that-is-long-enough-0123456789';

describe('refresh-token replay', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    h = await startHarness({ TOKEN_SECRET: SECRET });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await h.close();
  });

  const refresh = (refreshToken: string) => post(h.baseUrl, '/api/auth/refresh', { refreshToken });

  it('refuses the token issued by the earlier rotation once the old one is replayed', async () => {
    const signIn = await login(h.baseUrl, 'helena');
    const rotated = await refresh(signIn.refreshToken);
    expect(rotated.status).toBe(200);
    const replay = await refresh(signIn.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const child = await refresh((rotated.body as unknown as TokenPair).refreshToken);
    expect(child.status).toBe(401);
    expect(child.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it("refuses the family's access tokens everywhere: socket handshake, token renewal and the reports API", async () => {
    const signIn = await login(h.baseUrl, 'maria');
    const rotated = (await refresh(signIn.refreshToken)).body as unknown as TokenPair;
    const other = await login(h.baseUrl, 'maria');
    const otherSocket = await connect(h.baseUrl, other.accessToken);
    sockets.push(otherSocket);
    expect((await refresh(signIn.refreshToken)).status).toBe(401);

    const reportsWith = (token: string) =>
      fetch(`${h.baseUrl}/api/reports/transactions?from=2026-01-01&to=2026-01-02`, {
        headers: { authorization: `Bearer ${token}` },
      });
    // The other sign-in passes authentication (this test server runs no ledger: UNAVAILABLE).
    expect((await reportsWith(other.accessToken)).status).toBe(503);
    for (const token of [signIn.accessToken, rotated.accessToken]) {
      await expect(connect(h.baseUrl, token)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
      expect(await request(otherSocket, 'token:renew', { accessToken: token })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect((await reportsWith(token)).status).toBe(401);
    }
  });

  it("signs the family's connections out with SESSION_REVOKED and leaves the person's other sign-in alone", async () => {
    const signIn = await login(h.baseUrl, 'aino');
    const rotated = (await refresh(signIn.refreshToken)).body as unknown as TokenPair;
    const revokedSockets = [
      await connect(h.baseUrl, signIn.accessToken),
      await connect(h.baseUrl, rotated.accessToken),
    ];
    const other = await login(h.baseUrl, 'aino');
    const otherSocket = await connect(h.baseUrl, other.accessToken);
    sockets.push(...revokedSockets, otherSocket);
    const otherEvents: unknown[] = [];
    otherSocket.on('server:error', (error) => otherEvents.push(error));
    otherSocket.on('disconnect', (reason) => otherEvents.push(reason));

    const endings = revokedSockets.map(
      (socket) =>
        new Promise<{ notice: WireError; reason: string }>((resolve) => {
          socket.once('server:error', (notice) => {
            socket.once('disconnect', (reason) => resolve({ notice, reason }));
          });
        }),
    );
    expect((await refresh(signIn.refreshToken)).status).toBe(401);
    for (const ending of await Promise.all(endings)) {
      expect(ending).toEqual({
        notice: { code: 'SESSION_REVOKED', message: expect.any(String) },
        reason: 'io server disconnect',
      });
    }
    // The other sign-in keeps its connection and its refresh token.
    expect(await request(otherSocket, 'presence:get', {})).toMatchObject({ ok: true });
    expect(otherEvents).toEqual([]);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('still exchanges a refresh token signed before families, once, starting a family of its own', async () => {
    const now = Math.floor(Date.now() / 1000);
    const legacy = await new SignJWT({ typ: 'refresh', kind: 'user' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('etapiste-signaling')
      .setAudience('etapiste')
      .setSubject('erik')
      .setJti('legacy-token-id-0001')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(SECRET));
    const first = await refresh(legacy);
    expect(first.status).toBe(200);
    expect((await refresh(legacy)).status).toBe(401);
    // The replay revoked the family the legacy token started.
    expect((await refresh((first.body as unknown as TokenPair).refreshToken)).status).toBe(401);
  });
});
