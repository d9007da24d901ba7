import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config.js';
import { loadSeed, parseSeed, SeedError } from '../src/directory/seed.js';

describe('configuration', () => {
  it('works with no configuration at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ SIGNALING_PORT: 8080, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'etp:' });
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ SIGNALING_PORT: 'eighty', REDIS_URL: 'nope' })).toThrow(
      /SIGNALING_PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*SIGNALING_PORT/,
    );
  });

  it('requires a token secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: 'short' })).toThrow(/TOKEN_SECRET/);
  });
});

describe('seed', () => {
  it('loads the demo seed: the brief’s agencies, the five pilot points, experts and a supervisor', async () => {
    const seed = await loadSeed(loadConfig({}).SEED_FILE);
    expect(seed.points.map((p) => p.id)).toEqual(['mikkeli', 'parainen', 'kiiminki', 'saarijarvi', 'pelkosenniemi']);
    expect(seed.agencies.map((a) => a.id)).toEqual(
      expect.arrayContaining(['tax', 'kela', 'police', 'te', 'dvv', 'migri', 'nls', 'legal-aid', 'enforcement']),
    );
    expect(seed.users.filter((u) => u.roles.includes('expert')).length).toBeGreaterThanOrEqual(4);
    expect(seed.users.some((u) => u.roles.includes('supervisor'))).toBe(true);
    // Each point has an advisor who may sign in there; a person may hold several roles.
    for (const point of seed.points)
      expect(seed.users.some((u) => u.roles.includes('advisor') && u.points.includes(point.id))).toBe(true);
    expect(seed.users.find((u) => u.id === 'maria')?.roles).toEqual(['supervisor', 'advisor']);
    const parainen = seed.points.find((p) => p.id === 'parainen');
    expect(parainen?.municipality).toEqual({ fi: 'Parainen', sv: 'Pargas', en: 'Parainen' });
  });

  const minimal = (users: string) => `
agencies:
  - id: tax
    name: { fi: Verohallinto, sv: Skatteförvaltningen, en: Tax Administration }
    languages: [fi]
    topics: []
    outcomes: [{ id: resolved, name: { fi: Hoidettu, sv: Klart, en: Resolved } }]
    serviceLevelTargetSeconds: 120
    openingHours: { '1': { opens: '08:00', closes: '16:00' } }
points: []
users:
${users}`;

  it('refuses a skill in a language the agency does not serve', () => {
    const seed = minimal(
      `  - { id: a, username: a, displayName: A, role: expert, passwordHash: $argon2id$x, skills: [{ agency: tax, language: sv }] }`,
    );
    expect(() => parseSeed(seed)).toThrow(SeedError);
    expect(() => parseSeed(seed)).toThrow(/not served in sv/);
  });

  it('refuses plaintext passwords and unknown agencies', () => {
    expect(() =>
      parseSeed(
        minimal(
          `  - { id: a, username: a, displayName: A, role: expert, passwordHash: secret, skills: [{ agency: tax, language: fi }] }`,
        ),
      ),
    ).toThrow(/argon2/);
    expect(() =>
      parseSeed(
        minimal(
          `  - { id: a, username: a, displayName: A, role: supervisor, passwordHash: $argon2id$x, agencies: [kela] }`,
        ),
      ),
    ).toThrow(/unknown agency kela/);
  });
});
