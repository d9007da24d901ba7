import { PROTOCOL_VERSION } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { TokenService } from '../src/auth/tokens.js';
import { connect, type Harness, login, request, startHarness } from './support/harness.js';

// The expiry test waits 2.6 s for a token to run out and signs in three times (argon2 on purpose
// costs a few hundred ms each, more on a busy machine): more than Jest's default 5 s can allow.
jest.setTimeout(20_000);

describe('socket authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses a socket without a token', async () => {
    await expect(connect(h.baseUrl, undefined)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a garbage token and a token signed with another secret', async () => {
    await expect(connect(h.baseUrl, 'not-a-jwt')).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    const pair = await login(h.baseUrl, 'aino');
    const forger = new TokenService('another-secret-that-is-long-enough-987654', {
      accessSeconds: 60,
      refreshSeconds: 60,
      pointRefreshSeconds: 60,
    });
    const forged = await forger.issueAccess({ ...pair.principal, role: 'admin', capabilities: ['administer'] });
    await expect(connect(h.baseUrl, forged.token)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const pair = await login(h.baseUrl, 'aino');
    const expired = await h.signaling.tokens.issueAccess(pair.principal, Date.now() - 60 * 60_000);
    await expect(connect(h.baseUrl, expired.token)).rejects.toMatchObject({ data: { code: 'TOKEN_EXPIRED' } });
  });

  it('refuses a refresh token used as an access token', async () => {
    const pair = await login(h.baseUrl, 'aino');
    await expect(connect(h.baseUrl, pair.refreshToken)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
  });

  it('greets a valid connection with the principal and the protocol version', async () => {
    const pair = await login(h.baseUrl, 'erik');
    const socket = await connect(h.baseUrl, pair.accessToken);
    const hello = await request(socket, 'hello', { protocolVersion: PROTOCOL_VERSION, app: 'test', appVersion: '1' });
    expect(hello).toMatchObject({ ok: true, data: { protocolVersion: PROTOCOL_VERSION, principal: { id: 'erik' } } });
    const old = await request(socket, 'hello', { protocolVersion: PROTOCOL_VERSION + 1, app: 'test', appVersion: '1' });
    expect(old).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_PROTOCOL_VERSION' } });
    socket.close();
  });

  it('stops serving a connection whose token expired, until it renews', async () => {
    const pair = await login(h.baseUrl, 'james');
    const shortLived = await h.signaling.tokens.issueAccess(pair.principal, Date.now() - 15 * 60_000 + 2500);
    const socket = await connect(h.baseUrl, shortLived.token);
    expect(await request(socket, 'presence:get', {})).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 2600));
    expect(await request(socket, 'presence:get', {})).toMatchObject({ ok: false, error: { code: 'TOKEN_EXPIRED' } });

    const someoneElse = await login(h.baseUrl, 'aino');
    expect(await request(socket, 'token:renew', { accessToken: someoneElse.accessToken })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const renewed = await request(socket, 'token:renew', {
      accessToken: (await login(h.baseUrl, 'james')).accessToken,
    });
    expect(renewed).toMatchObject({ ok: true });
    expect(await request(socket, 'presence:get', {})).toMatchObject({ ok: true });
    socket.close();
  });
});
