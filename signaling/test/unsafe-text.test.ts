/**
 * Text no store of ours can hold faithfully (a NUL, a lone UTF-16 surrogate) is refused at the door
 * of every socket command and HTTP request, naming the field, and changes nothing: before, a lone
 * surrogate in a note failed the queue's script (INTERNAL) after the visit was opened, and one in a
 * sign-in name broke the audit chain's check for good.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { unsafeTextPath } from '../src/http/unsafe-text.js';
import { connect, type Harness, login, loginPoint, post, request, startHarness } from './support/harness.js';

describe('unsafe text', () => {
  it('finds a NUL or a lone surrogate anywhere in the input, and lets real pairs and plain text be', () => {
    expect(unsafeTextPath({ note: 'Hei 👋 – åäö', list: ['a', { b: 'c\td' }] })).toBeUndefined();
    expect(unsafeTextPath({ note: 'a\u0000b' })).toBe('note');
    expect(unsafeTextPath({ list: ['ok', { deep: 'x\ud800' }] })).toBe('list.1.deep');
    expect(unsafeTextPath({ tail: '\udc00 alone' })).toBe('tail');
    expect(unsafeTextPath({ 'k\u0000': 'v' })).toBe('(key)');
    expect(unsafeTextPath('\ud83d')).toBe('(payload)');
  });

  describe('at the doors', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(() => h.close());

    it('refuses a socket command with such text, and changes nothing', async () => {
      const point = await connect(h.baseUrl, (await loginPoint(h.baseUrl, 'kiiminki')).accessToken);
      for (const note of ['\ud800', 'a\u0000b']) {
        const answer = (await request(point, 'request:create', {
          agency: 'vero',
          language: 'fi',
          note,
          whenUnavailable: 'wait',
        })) as { ok: boolean; error?: { code: string; fields?: string[] } };
        expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: ['note'] } });
      }
      expect(await h.redis.exists(`${h.prefix}point:kiiminki:open-visit`)).toBe(0);
      point.close();
    });

    it('refuses an HTTP body or query with such text before anything is audited', async () => {
      // What a sign-in attempt writes: an audit job, and the throttle's counters.
      const written = async () =>
        (await h.redis.keys(`${h.prefix}*`)).filter((k) => /audit|login|throttl|limit/i.test(k)).sort();
      // A query is read once the caller is known: signed in first, and then a NUL in it.
      const { accessToken } = await login(h.baseUrl, 'admin');
      const before = await written();
      const signIn = await post(h.baseUrl, '/api/auth/login', { username: '\ud800x', password: 'x' });
      expect(signIn.status).toBe(400);
      expect(signIn.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', fields: ['body.username'] } });
      const query = await fetch(`${h.baseUrl}/api/reports/transactions?from=2026-01-01&to=2026-01-02%00`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(query.status).toBe(400);
      expect(await query.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      // Nothing new in Redis: no failed sign-in was counted or audited.
      expect(await written()).toEqual(before);
      // (Whereas a plain failed sign-in is written: the comparison above can see one.)
      expect((await post(h.baseUrl, '/api/auth/login', { username: 'nobody', password: 'x' })).status).toBe(401);
      expect(await written()).not.toEqual(before);
    });
  });
});
