import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, type Harness, login, post, startHarness } from './support/harness.js';

describe('HTTP sign-in', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => h.close());

  it('signs a demo specialist in with explicit grants', async () => {
    const response = await post(h.baseUrl, '/api/auth/login', { username: 'aino', password: DEMO_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.principal).toEqual({
      id: 'aino',
      role: 'expert',
      roles: ['expert'],
      displayName: 'Aino Virtanen',
      capabilities: ['serve'],
      skills: [
        { agency: 'tax', language: 'fi' },
        { agency: 'tax', language: 'en' },
        { agency: 'kela', language: 'fi' },
      ],
    });
    expect(typeof response.body.accessToken).toBe('string');
    const ttl = Date.parse(String(response.body.accessTokenExpiresAt)) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
  });

  it('accepts usernames case-insensitively', async () => {
    const response = await post(h.baseUrl, '/api/auth/login', { username: 'Maria', password: DEMO_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.principal).toMatchObject({ role: 'supervisor', agencies: ['tax', 'kela', 'te'] });
  });

  it('answers a wrong password and an unknown user with the same generic error', async () => {
    const wrong = await post(h.baseUrl, '/api/auth/login', { username: 'erik', password: 'not-it' });
    const unknown = await post(h.baseUrl, '/api/auth/login', { username: 'nobody', password: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) } });
  });

  it('refuses even the right password after repeated failures, with a retry time', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await post(h.baseUrl, '/api/auth/login', { username: 'sanna', password: `guess-${attempt}` });
      expect(response.status).toBe(401);
    }
    const blocked = await post(h.baseUrl, '/api/auth/login', { username: 'sanna', password: DEMO_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not locked by sanna's failures.
    expect((await post(h.baseUrl, '/api/auth/login', { username: 'james', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('rejects malformed bodies with VALIDATION_FAILED and the field names only', async () => {
    const response = await post(h.baseUrl, '/api/auth/login', { username: 'aino', password: 42, extra: true });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.stringify(response.body)).not.toContain('42');
    const notJson = await post(h.baseUrl, '/api/auth/login', '{"username":');
    expect(notJson.status).toBe(400);
  });

  it('signs a point device in with its key, and refuses a wrong key', async () => {
    const ok = await post(h.baseUrl, '/api/auth/point', { pointId: 'parainen', pointKey: 'demo-point-key-parainen' });
    expect(ok.status).toBe(200);
    expect(ok.body.principal).toMatchObject({
      id: 'parainen',
      role: 'point',
      pointId: 'parainen',
      capabilities: ['visit'],
    });
    const wrong = await post(h.baseUrl, '/api/auth/point', { pointId: 'parainen', pointKey: 'demo-point-key-mikkeli' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('exchanges a refresh token once; a replay is refused', async () => {
    const pair = await login(h.baseUrl, 'helena');
    const first = await post(h.baseUrl, '/api/auth/refresh', { refreshToken: pair.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(pair.refreshToken);
    expect(first.body.principal).toMatchObject({ id: 'helena', role: 'expert' });
    const replay = await post(h.baseUrl, '/api/auth/refresh', { refreshToken: pair.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('does not accept an access token as a refresh token', async () => {
    const pair = await login(h.baseUrl, 'erik');
    const response = await post(h.baseUrl, '/api/auth/refresh', { refreshToken: pair.accessToken });
    expect(response.status).toBe(401);
  });
});
