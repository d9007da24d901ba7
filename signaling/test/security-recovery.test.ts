/**
 * Connection-state recovery belongs to the session's owner (issue 12, item 1). A dropped
 * connection's session (socket id, rooms, missed pushes) is kept for two minutes under a private
 * session id; a client presenting someone else's — with its own valid token, with a token of the
 * same principal from another sign-in, or with no valid token at all — must get nothing of it, and
 * the owner must still get it all back.
 */
import type { MetricsSnapshot, ServerEventName } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { io } from 'socket.io-client';
import { connect, type Harness, login, loginPoint, request, startHarness, type TestSocket } from './support/harness.js';

jest.setTimeout(30_000);

/** What the Socket.IO client keeps to recover its session: private fields, read here on purpose. */
interface RecoveryState {
  id: string;
  pid: string;
  offset: string;
}

describe('connection-state recovery across principals', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    h = await startHarness({ SOCKET_COMMANDS_PER_SECOND: '1000' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await h.close();
  });

  const track = (socket: TestSocket) => {
    sockets.push(socket);
    return socket;
  };

  /** A live figures push to the Tax supervisors' room, as the queue's notifier sends it. */
  let pushes = 0;
  function pushTaxFigures(): MetricsSnapshot {
    const snapshot: MetricsSnapshot = { at: new Date(Date.UTC(2026, 0, 1, 8, 0, pushes++)).toISOString(), queues: [] };
    h.signaling.io.to('metrics:tax').emit('metrics:update', snapshot);
    return snapshot;
  }

  function received(socket: TestSocket, event: ServerEventName): unknown[] {
    const seen: unknown[] = [];
    (socket as unknown as { on(event: string, listener: (payload: unknown) => void): void }).on(event, (payload) =>
      seen.push(payload),
    );
    return seen;
  }

  async function waitFor(what: string, check: () => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * maria (supervisor of Tax, Kela, TE) subscribes to the live figures, gets one push (her client
   * learns a stream offset), then her connection drops uncleanly while one more push is sent: the
   * server keeps her session with that push missed.
   */
  async function supervisorSessionLeftBehind(): Promise<{ state: RecoveryState; missed: MetricsSnapshot }> {
    const pair = await login(h.baseUrl, 'maria');
    const victim = track(await connect(h.baseUrl, pair.accessToken));
    expect(await request(victim, 'metrics:subscribe', {})).toMatchObject({ ok: true });
    const seen = received(victim, 'metrics:update');
    pushTaxFigures();
    await waitFor('the first push', () => seen.length === 1);
    const internals = victim as unknown as { id: string; _pid: string; _lastOffset: string };
    const state = { id: internals.id, pid: internals._pid, offset: internals._lastOffset };
    expect(state.pid).toEqual(expect.any(String));
    expect(state.offset).toEqual(expect.any(String));
    victim.io.engine.close();
    await waitFor('the server to see the drop', () => !h.signaling.io.sockets.sockets.has(state.id));
    return { state, missed: pushTaxFigures() };
  }

  /** A client presenting `state`'s private session id and offset, as its own client would. */
  async function claimSession(token: string, state: RecoveryState) {
    const socket = track(
      io(h.baseUrl, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        autoConnect: false,
        auth: { token },
      }),
    );
    Object.assign(socket, { _pid: state.pid, _lastOffset: state.offset });
    const updates = received(socket, 'metrics:update');
    const outcome = await new Promise<'connected' | { refused: unknown }>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error: Error & { data?: unknown }) => resolve({ refused: error.data }));
      socket.connect();
    });
    return { socket, updates, outcome };
  }

  it("does not give a point another principal's recovered session, its rooms or its missed pushes", async () => {
    const { state } = await supervisorSessionLeftBehind();
    const point = await loginPoint(h.baseUrl, 'mikkeli');
    const { socket, updates, outcome } = await claimSession(point.accessToken, state);
    expect(outcome).toBe('connected');
    const server = h.signaling.io.sockets.sockets.get(socket.id ?? '');
    // A fresh socket: its own id, not recovered, only its own rooms.
    expect({ clientRecovered: socket.recovered, serverRecovered: server?.recovered }).toEqual({
      clientRecovered: false,
      serverRecovered: false,
    });
    expect(socket.id).not.toBe(state.id);
    expect([...(server?.rooms ?? [])].sort()).toEqual([socket.id, 'point:mikkeli'].sort());
    // Neither the push it missed nor the next one reaches the point.
    pushTaxFigures();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates).toEqual([]);
    // And it is still a working connection of its own.
    expect(await request(socket, 'visit:open', {})).toMatchObject({ ok: true });
  });

  it("does not give the same person's session to another of their sign-ins", async () => {
    const { state } = await supervisorSessionLeftBehind();
    const elsewhere = await login(h.baseUrl, 'maria');
    const { socket, updates, outcome } = await claimSession(elsewhere.accessToken, state);
    expect(outcome).toBe('connected');
    expect(socket.recovered).toBe(false);
    expect(socket.id).not.toBe(state.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates).toEqual([]);
  });

  it('writes nothing of the session before a bad token is refused', async () => {
    const { state } = await supervisorSessionLeftBehind();
    const { socket, updates, outcome } = await claimSession('not-a-token', state);
    expect(outcome).toEqual({ refused: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
    // Packets that arrive before the refusal wait in the client's buffer: there must be none.
    expect(socket.receiveBuffer).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('gives the owner their session back: same id, rooms and the pushes they missed', async () => {
    const { state, missed } = await supervisorSessionLeftBehind();
    const owner = sockets.find((socket) => (socket as unknown as { _pid?: string })._pid === state.pid);
    if (!owner) throw new Error('the owner socket is gone');
    const updates = received(owner, 'metrics:update');
    await new Promise<void>((resolve, reject) => {
      owner.once('connect', () => resolve());
      owner.once('connect_error', reject);
      owner.connect();
    });
    expect(owner.recovered).toBe(true);
    expect(owner.id).toBe(state.id);
    expect(h.signaling.io.sockets.sockets.get(state.id)?.recovered).toBe(true);
    await waitFor('the missed push', () => updates.length === 1);
    expect(updates).toEqual([missed]);
    const next = pushTaxFigures();
    await waitFor('the next push', () => updates.length === 2);
    expect(updates[1]).toEqual(next);
  });
});
