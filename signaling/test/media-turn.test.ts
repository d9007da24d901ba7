/** TURN credentials in coturn's REST form: expiry, id, and an HMAC coturn can check. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parseTurnUrls, turnIceServers } from '../src/media/turn.js';

describe('turnIceServers', () => {
  const settings = {
    urls: parseTurnUrls(' turn:t.example:3478?transport=udp, turns:t.example:5349 '),
    secret: 'shared-secret-0123456',
    ttlSeconds: 600,
  };

  it('gives time-limited credentials that coturn accepts (HMAC-SHA1 of the username)', () => {
    const now = Date.UTC(2026, 0, 1);
    const [server] = turnIceServers(settings, 'expert:aino', now);
    expect(server?.urls).toEqual(['turn:t.example:3478?transport=udp', 'turns:t.example:5349']);
    expect(server?.username).toBe(`${now / 1000 + 600}:expert-aino`);
    const expected = createHmac('sha1', settings.secret)
      .update(server?.username ?? '')
      .digest('base64');
    expect(server?.credential).toBe(expected);
  });

  it('offers no TURN when not configured', () => {
    expect(turnIceServers({ ...settings, secret: undefined }, 'point:p1')).toEqual([]);
    expect(turnIceServers({ ...settings, urls: [] }, 'point:p1')).toEqual([]);
  });
});
