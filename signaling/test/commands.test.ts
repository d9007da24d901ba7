/**
 * The socket edge: every event refuses malformed payloads with a coded error and no state change,
 * roles cannot use each other's events, unknown events and missing acknowledgements are answered.
 */

import { CLIENT_EVENT_NAMES, type ClientEventName, clientEvents, type TokenPair } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  connect,
  type Harness,
  login,
  loginPoint,
  request,
  snapshot,
  startHarness,
  type TestSocket,
} from './support/harness.js';

/** Payloads that no event accepts. */
const MALFORMED: unknown[] = [
  null,
  'text',
  42,
  [],
  { unexpected: true },
  { visitId: 'x', state: 'nap', accessToken: 1 },
];

describe('socket commands', () => {
  let h: Harness;
  let point: TokenPair;
  let expert: TokenPair;
  let supervisor: TokenPair;
  let pointSocket: TestSocket;
  let expertSocket: TestSocket;
  let supervisorSocket: TestSocket;

  beforeAll(async () => {
    // A high command rate here: these tests send many commands; the limit has its own test.
    h = await startHarness({ SOCKET_COMMANDS_PER_SECOND: '1000' });
    point = await loginPoint(h.baseUrl, 'mikkeli');
    expert = await login(h.baseUrl, 'aino');
    supervisor = await login(h.baseUrl, 'maria');
    pointSocket = await connect(h.baseUrl, point.accessToken);
    expertSocket = await connect(h.baseUrl, expert.accessToken);
    supervisorSocket = await connect(h.baseUrl, supervisor.accessToken);
    // Some state to protect: an open visit and a specialist who is away.
    expect(await request(pointSocket, 'visit:open', {})).toMatchObject({ ok: true });
    expect(await request(expertSocket, 'presence:set', { state: 'away', reason: 'meeting' })).toMatchObject({
      ok: true,
    });
  });

  afterAll(async () => {
    for (const socket of [pointSocket, expertSocket, supervisorSocket]) socket.close();
    await h.close();
  });

  function socketFor(event: ClientEventName): TestSocket {
    const capability = clientEvents[event].capability;
    if (capability === 'visit') return pointSocket;
    if (capability === 'serve') return expertSocket;
    return supervisorSocket;
  }

  it.each(CLIENT_EVENT_NAMES)('%s refuses every malformed payload and changes nothing', async (event) => {
    const before = await snapshot(h.redis, h.prefix);
    for (const payload of MALFORMED) {
      const response = await request(socketFor(event), event, payload);
      expect({ payload, response }).toMatchObject({
        payload,
        response: { ok: false, error: { code: 'VALIDATION_FAILED' } },
      });
    }
    expect(await snapshot(h.redis, h.prefix)).toEqual(before);
  });

  it('names the failing fields, never echoing values', async () => {
    const response = await request(expertSocket, 'presence:set', { state: 'away' });
    expect(response).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: expect.any(String), fields: ['reason'] },
    });
  });

  it('keeps point events from specialists and specialist events from points', async () => {
    const before = await snapshot(h.redis, h.prefix);
    for (const event of CLIENT_EVENT_NAMES.filter((e) => clientEvents[e].capability === 'visit')) {
      expect(await request(expertSocket, event, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await request(supervisorSocket, event, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    for (const event of CLIENT_EVENT_NAMES.filter((e) => clientEvents[e].capability === 'serve')) {
      expect(await request(pointSocket, event, { state: 'available' })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(await snapshot(h.redis, h.prefix)).toEqual(before);
  });

  it('answers an unknown event with UNKNOWN_EVENT', async () => {
    expect(await request(expertSocket, 'queue:jump', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_EVENT' },
    });
  });

  it('answers a command without an acknowledgement on server:error', async () => {
    const error = new Promise((resolve) => expertSocket.once('server:error', resolve));
    (expertSocket as unknown as { emit: (...args: unknown[]) => void }).emit('presence:get', {});
    await expect(error).resolves.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('limits the command rate of one connection', async () => {
    const limited = await startHarness({ SOCKET_COMMANDS_PER_SECOND: '20' });
    const token = (await login(limited.baseUrl, 'aino')).accessToken;
    const flooder = await connect(limited.baseUrl, token);
    const calm = await connect(limited.baseUrl, token);
    const responses = await Promise.all(Array.from({ length: 60 }, () => request(flooder, 'presence:get', {})));
    expect(responses.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length).toBe(20);
    expect(responses.filter((r) => r.ok).length).toBe(40);
    // Other connections are not affected.
    expect(await request(calm, 'presence:get', {})).toMatchObject({ ok: true });
    flooder.close();
    calm.close();
    await limited.close();
  });

  it('drops a message over the size limit by closing the connection', async () => {
    const sender = await connect(h.baseUrl, expert.accessToken);
    const closed = new Promise((resolve) => sender.once('disconnect', resolve));
    (sender as unknown as { emit: (...args: unknown[]) => void }).emit(
      'presence:set',
      { state: 'away', reason: 'x'.repeat(64 * 1024) },
      () => undefined,
    );
    await expect(closed).resolves.toBeDefined();
    expect(await request(expertSocket, 'presence:get', {})).toMatchObject({ ok: true, data: { state: 'away' } });
  });
});
