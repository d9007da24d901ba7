import { PresenceStatus } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Harness, login, loginPoint, request, startHarness } from './support/harness.js';
import { until } from './support/until.js';

describe('visits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('keeps one open visit per point device, across reconnects', async () => {
    const pair = await loginPoint(h.baseUrl, 'kiiminki');
    const first = await connect(h.baseUrl, pair.accessToken);
    const opened = await request(first, 'visit:open', {});
    expect(opened).toMatchObject({ ok: true, data: { visitId: expect.any(String) } });
    first.close();
    const second = await connect(h.baseUrl, pair.accessToken);
    expect(await request(second, 'visit:open', {})).toEqual(opened);
    const visitId = (opened as { data: { visitId: string } }).data.visitId;
    expect(await request(second, 'visit:close', { visitId })).toMatchObject({ ok: true, data: { visitId } });
    const next = await request(second, 'visit:open', {});
    expect(next).toMatchObject({ ok: true });
    expect((next as { data: { visitId: string } }).data.visitId).not.toBe(visitId);
    second.close();
  });

  it('opens a new visit when the open one was lost with the last second of a Redis restart', async () => {
    const point = await connect(h.baseUrl, (await loginPoint(h.baseUrl, 'kiiminki')).accessToken);
    const opened = (await request(point, 'visit:open', {})) as { data: { visitId: string } };
    // The point's pointer survived, its visit's hash did not (AOF everysec keeps writes in order,
    // but a restart may keep the one and not the next).
    await h.redis.del(`${h.prefix}visit:${opened.data.visitId}`);
    const again = (await request(point, 'visit:open', {})) as { ok: boolean; data: { visitId: string } };
    expect(again.ok).toBe(true);
    expect(again.data.visitId).not.toBe(opened.data.visitId);
    expect(await h.redis.hget(`${h.prefix}visit:${again.data.visitId}`, 'pointId')).toBe('kiiminki');
    expect(await request(point, 'visit:open', {})).toEqual(again);
    point.close();
  });

  it("does not let a point close another point's visit", async () => {
    const mine = await connect(h.baseUrl, (await loginPoint(h.baseUrl, 'saarijarvi')).accessToken);
    const theirs = await connect(h.baseUrl, (await loginPoint(h.baseUrl, 'pelkosenniemi')).accessToken);
    const opened = (await request(theirs, 'visit:open', {})) as { data: { visitId: string } };
    expect(await request(mine, 'visit:close', { visitId: opened.data.visitId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await h.redis.hget(`${h.prefix}visit:${opened.data.visitId}`, 'closedAt')).toBeNull();
    mine.close();
    theirs.close();
  });
});

describe('presence', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('starts offline, follows the specialist’s choice and tells every tab', async () => {
    const pair = await login(h.baseUrl, 'helena');
    const tab1 = await connect(h.baseUrl, pair.accessToken);
    const tab2 = await connect(h.baseUrl, pair.accessToken);
    expect(await request(tab1, 'presence:get', {})).toMatchObject({ ok: true, data: { state: 'offline' } });
    // The tab that chose has the state in its answer; every other tab is pushed it, once.
    const toTab1: unknown[] = [];
    const toTab2: unknown[] = [];
    tab1.on('presence:changed', (p: unknown) => toTab1.push(p));
    tab2.on('presence:changed', (p: unknown) => toTab2.push(p));
    expect(await request(tab1, 'presence:set', { state: 'away', reason: 'training' })).toMatchObject({
      ok: true,
      data: { state: 'away', reason: 'training' },
    });
    await until('the other tab told', async () => toTab2.length > 0);
    expect(await request(tab2, 'presence:set', { state: 'available' })).toMatchObject({
      ok: true,
      data: { state: 'available' },
    });
    await until('the first tab told', async () => toTab1.length > 0);
    // Choosing the state one is in changes nothing and is told to nobody. A push sent before an
    // answer arrives before it, so after this answer every push there was has arrived.
    await request(tab2, 'presence:set', { state: 'available' });
    await request(tab1, 'presence:get', {});
    expect(toTab2).toEqual([expect.objectContaining({ state: 'away', reason: 'training' })]);
    expect(toTab1).toEqual([expect.objectContaining({ state: 'available' })]);
    expect(await request(tab1, 'presence:get', {})).toMatchObject({ ok: true, data: { state: 'available' } });
    expect((await request(tab1, 'presence:get', {})) as object).not.toHaveProperty('data.reason');
    tab1.close();
    tab2.close();
  });

  it('refuses a reason the queue owns and states the queue owns', async () => {
    const socket = await connect(h.baseUrl, (await login(h.baseUrl, 'erik')).accessToken);
    expect(await request(socket, 'presence:set', { state: 'away', reason: 'missed-offer' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await request(socket, 'presence:set', { state: 'in-session' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    // While the queue holds the specialist in a session, choosing a state is a conflict.
    await h.redis.hset(`${h.prefix}expert:erik:presence`, { state: 'in-session', since: new Date().toISOString() });
    expect(await request(socket, 'presence:set', { state: 'available' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await h.redis.hget(`${h.prefix}expert:erik:presence`, 'state')).toBe('in-session');
    socket.close();
  });

  it('answers and pushes presence in the protocol schema, with `since` as an ISO time', async () => {
    const socket = await connect(h.baseUrl, (await login(h.baseUrl, 'helena')).accessToken);
    const other = await connect(h.baseUrl, (await login(h.baseUrl, 'helena')).accessToken);
    const before = Date.now();
    const pushed = new Promise<unknown>((resolve) => other.once('presence:changed', resolve));
    const acked = (await request(socket, 'presence:set', { state: 'away', reason: 'break' })) as { data: unknown };
    const got = (await request(socket, 'presence:get', {})) as { data: unknown };
    for (const payload of [acked.data, got.data, await pushed]) {
      const presence = PresenceStatus.parse(payload);
      expect(presence).toMatchObject({ state: 'away', reason: 'break' });
      // The scripts set `since` from Redis's clock; it is this change's time, not the epoch.
      expect(Date.parse(presence.since)).toBeGreaterThan(before - 60_000);
    }
    socket.close();
    other.close();
  });
});
