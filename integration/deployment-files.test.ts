/**
 * The deployment files say what the tests run: the compose file's and the example environment
 * files' variables are ones signaling and the SFU node know, with values their configuration
 * accepts (Sentinel included); the units start the same dist/main.js the process tests start and
 * pass `systemd-analyze verify`; every variable of the nginx template is given by the web image or
 * the compose file. (The images are not built here: no Docker daemon; docs/operations.md.)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadSfuConfig, SfuConfigSchema } from '../sfu-server/src/config.js';
import { ConfigSchema, loadConfig } from '../signaling/src/config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const infra = (...path: string[]) => join(root, 'infra', ...path);
const read = (...path: string[]) => readFileSync(infra(...path), 'utf8');

/** compose's ${NAME} filled in with a placeholder that passes the checks a secret must pass. */
const fill = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v).replace(/\$\{(\w+)\}/g, (_, name) => `${name.toLowerCase()}-0123456789-0123456789-0123456789`),
    ]),
  );

const envFile = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('deployment files', () => {
  const compose = parse(read('compose', 'compose.yaml'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string>; command?: unknown }>;
  };

  it('give signaling and the SFU node only variables they know, with values they accept', () => {
    for (const name of ['signaling-1', 'signaling-2']) {
      const env = compose.services[name]?.environment ?? {};
      expect(Object.keys(env).filter((k) => !(k in ConfigSchema.shape))).toEqual([]);
      const config = loadConfig(fill(env));
      expect(config.REDIS_SENTINELS).toBe('sentinel-1:26379,sentinel-2:26379,sentinel-3:26379');
    }
    expect(compose.services['signaling-2']?.environment?.LEDGER_ENABLED).toBe('false');
    const sfu = compose.services.sfu?.environment ?? {};
    expect(Object.keys(sfu).filter((k) => !(k in SfuConfigSchema.shape))).toEqual([]);
    expect(loadSfuConfig(fill(sfu)).REDIS_SENTINEL_NAME).toBe('etapiste');

    const signalingEnv = envFile(read('systemd', 'signaling.env.example'));
    expect(Object.keys(signalingEnv).filter((k) => !(k in ConfigSchema.shape))).toEqual([]);
    expect(() => loadConfig({ ...signalingEnv, NODE_ENV: 'production' })).not.toThrow();
    const sfuEnv = envFile(read('systemd', 'sfu.env.example'));
    expect(Object.keys(sfuEnv).filter((k) => !(k in SfuConfigSchema.shape))).toEqual([]);
    expect(() => loadSfuConfig({ ...sfuEnv, NODE_ENV: 'production' })).not.toThrow();
  });

  it('start the same programs the tests start, and the units pass systemd-analyze verify', () => {
    expect(read('systemd', 'etapiste-signaling@.service')).toContain('ExecStart=/usr/bin/node signaling/dist/main.js');
    expect(read('systemd', 'etapiste-sfu.service')).toContain('ExecStart=/usr/bin/node sfu-server/dist/main.js');
    expect(existsSync(join(root, 'signaling', 'src', 'main.ts'))).toBe(true);
    expect(read('docker', 'signaling.Dockerfile')).toContain('CMD ["node", "dist/main.js"]');
    expect(read('docker', 'sfu.Dockerfile')).toContain('CMD ["node", "dist/main.js"]');
    for (const file of ['signaling.Dockerfile', 'sfu.Dockerfile']) {
      expect(read('docker', file)).toMatch(/^USER node$/m);
      expect(read('docker', file)).toMatch(/^HEALTHCHECK /m);
    }

    if (spawnSync('systemd-analyze', ['--version']).status !== 0) return;
    const dir = mkdtempSync(join(tmpdir(), 'etapiste-units-'));
    try {
      copyFileSync(infra('systemd', 'etapiste-signaling@.service'), join(dir, 'etapiste-signaling@8080.service'));
      copyFileSync(infra('systemd', 'etapiste-sfu.service'), join(dir, 'etapiste-sfu.service'));
      for (const unit of ['etapiste-signaling@8080.service', 'etapiste-sfu.service']) {
        const result = spawnSync('systemd-analyze', ['verify', join(dir, unit)], { encoding: 'utf8' });
        expect(`${unit}: ${result.stderr}`).toBe(`${unit}: `);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fill in every variable of the nginx template from the web image and the compose file', () => {
    const used = new Set(read('nginx', 'etapiste.conf.template').match(/\$\{ETAPISTE_[A-Z_]+\}/g));
    const given = new Set([
      ...Object.keys(compose.services.web?.environment ?? {}),
      ...(read('docker', 'web.Dockerfile').match(/ETAPISTE_[A-Z_]+(?==)/g) ?? []),
    ]);
    expect([...used].map((v) => v.slice(2, -1)).filter((v) => !given.has(v))).toEqual([]);
  });
});
