/**
 * The browser client's signaling connection against the real server (Socket.IO client in Node):
 * typed requests and coded errors, token refresh on an expired token, and reconnection when the
 * server restarts.
 */

import type { TokenPair } from '@etapiste/protocol';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type Harness, login, startHarness } from '../../../signaling/test/support/harness.js';
import { AuthApi } from '../src/auth-api.js';
import { CallClientError } from '../src/errors.js';
import { SessionTokens, type TokenStorage } from '../src/session-tokens.js';
import { type ConnectionState, SignalingClient } from '../src/signaling-client.js';

function memoryStorage(initial?: TokenPair): TokenStorage & { value: TokenPair | undefined } {
  return {
    value: initial,
    load() {
      return this.value;
    },
    save(pair) {
      this.value = pair;
    },
  };
}

function waitForState(client: SignalingClient, wanted: ConnectionState): Promise<void> {
  if (client.state === wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const off = client.onState((state) => {
      if (state === wanted) {
        off();
        resolve();
      }
    });
  });
}

describe('SignalingClient', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setUp(pair?: (h: Harness) => Promise<TokenPair>) {
    const h = await startHarness();
    cleanup.push(() => h.close());
    const api = new AuthApi(h.baseUrl);
    const tokens = new SessionTokens(api, memoryStorage(await (pair ?? ((x) => login(x.baseUrl, 'aino')))(h)));
    cleanup.push(() => tokens.stop());
    const client = new SignalingClient({
      url: h.baseUrl,
      tokens,
      app: 'test',
      appVersion: '1',
      transports: ['websocket'],
    });
    cleanup.push(() => client.close());
    return { h, api, tokens, client };
  }

  it('says hello on connect and resolves typed results', async () => {
    const { client } = await setUp();
    client.connect();
    await waitForState(client, 'connected');
    expect(client.hello?.principal.id).toBe('aino');
    await expect(client.request('presence:get', {})).resolves.toMatchObject({ state: 'offline' });
  });

  it('rejects refused commands with a CallClientError carrying the code', async () => {
    const { client } = await setUp();
    client.connect();
    await waitForState(client, 'connected');
    const failure = await client.request('visit:open', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CallClientError);
    expect(failure).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refreshes an expired access token and connects', async () => {
    const { client, tokens } = await setUp(async (h) => {
      const pair = await login(h.baseUrl, 'erik');
      const expired = await h.signaling.tokens.issueAccess(pair.principal, Date.now() - 60 * 60_000);
      return { ...pair, accessToken: expired.token, accessTokenExpiresAt: expired.expiresAt.toISOString() };
    });
    const before = tokens.current?.refreshToken;
    client.connect();
    await waitForState(client, 'connected');
    expect(client.hello?.principal.id).toBe('erik');
    expect(tokens.current?.refreshToken).not.toBe(before);
  });

  it('reconnects on its own schedule when the server restarts, and serves again', async () => {
    const { h, client } = await setUp();
    client.connect();
    await waitForState(client, 'connected');
    const port = Number(new URL(h.baseUrl).port);
    const reconnecting = waitForState(client, 'reconnecting');
    await h.signaling.close();
    await reconnecting;
    const restarted = await startHarness({}, { port, prefix: h.prefix });
    cleanup.push(() => restarted.close());
    await waitForState(client, 'connected');
    await expect(client.request('presence:get', {})).resolves.toMatchObject({ state: 'offline' });
  });

  it('ends in signed-out when the server refuses the session', async () => {
    const { client, tokens } = await setUp();
    tokens.set({ ...(tokens.current as TokenPair), accessToken: 'x'.repeat(40), refreshToken: 'y'.repeat(40) });
    client.connect();
    await waitForState(client, 'signed-out');
    expect(tokens.current).toBeUndefined();
  });
});
