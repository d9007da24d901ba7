/**
 * `availability:get`: which agencies serve now and in which languages, for the point's start
 * screen. Open follows the opening hours; a language counts while a specialist of the skill is at
 * work (available, ringing, serving, wrap-up), not while signed in but away.
 */
import { AvailabilitySnapshot } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PresenceStore } from '../src/presence/presence-store.js';
import { AvailabilityReader } from '../src/queue/availability.js';
import { ServiceClock } from '../src/queue/service-clock.js';
import { Keys } from '../src/redis/keys.js';
import { connect, type Harness, login, loginPoint, request, startHarness, type TestSocket } from './support/harness.js';

/** Tuesday 1 December 2026, 12.00 in Helsinki: the demo's agencies are open. */
const TUESDAY_NOON = new Date('2026-12-01T10:00:00Z');
/** Sunday 6 December 2026 (Independence Day), 12.00 in Helsinki: closed. */
const SUNDAY_NOON = new Date('2026-12-06T10:00:00Z');

describe('availability', () => {
  let h: Harness;
  let aino: TestSocket;
  let point: TestSocket;
  let reader: AvailabilityReader;

  beforeAll(async () => {
    h = await startHarness();
    aino = await connect(h.baseUrl, (await login(h.baseUrl, 'aino')).accessToken);
    point = await connect(h.baseUrl, (await loginPoint(h.baseUrl, 'mikkeli')).accessToken);
    const keys = new Keys(h.prefix);
    reader = new AvailabilityReader({
      redis: h.redis,
      keys,
      directory: h.signaling.directory,
      presence: new PresenceStore(h.redis, keys),
      clock: new ServiceClock('Europe/Helsinki'),
    });
  });
  afterAll(async () => {
    aino.close();
    point.close();
    await h.close();
  });

  const entry = async (agency: string, at: Date) => (await reader.now(at)).agencies.find((a) => a.agency === agency);

  it('lists the languages in which a specialist is at work, while the agency is open', async () => {
    expect(await entry('tax', TUESDAY_NOON)).toEqual({ agency: 'tax', open: true, languages: [] });
    await request(aino, 'presence:set', { state: 'available' });
    expect(await entry('tax', TUESDAY_NOON)).toEqual({ agency: 'tax', open: true, languages: ['fi', 'en'] });
    expect(await entry('kela', TUESDAY_NOON)).toMatchObject({ open: true, languages: ['fi'] });
    // Signed in but away serves nobody.
    await request(aino, 'presence:set', { state: 'away', reason: 'break' });
    expect(await entry('tax', TUESDAY_NOON)).toMatchObject({ languages: [] });
  });

  it('says when a closed agency opens next', async () => {
    expect(await entry('tax', SUNDAY_NOON)).toEqual({
      agency: 'tax',
      open: false,
      languages: [],
      opensAt: '2026-12-07T06:00:00.000Z',
    });
  });

  it('answers a point, and only a point', async () => {
    const answer = await request(point, 'availability:get', {});
    expect(answer).toMatchObject({ ok: true });
    const snapshot = AvailabilitySnapshot.parse((answer as { data: unknown }).data);
    expect(snapshot.agencies.map((a) => a.agency)).toContain('tax');
    expect(await request(aino, 'availability:get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
