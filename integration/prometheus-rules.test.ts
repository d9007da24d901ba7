/**
 * The alert rules (infra/prometheus/alerts.yml) load in Prometheus's own checker and pass its unit
 * tests (alerts.test.yml: which alerts fire on which series); every etapiste_* metric they and the
 * Grafana dashboard (infra/grafana/dashboards/etapiste.json) query is exported by signaling or an
 * SFU node; the queue gauges follow the queue (a customer who starts waiting is counted per
 * agency × language), the database gauge follows a real PostgreSQL that stops, and the SFU
 * node's per-worker figures follow its workers.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse } from 'yaml';
import { type RunningPostgres, startPostgres } from '../scripts/postgres-server.mjs';
import { startTestNode } from '../sfu-server/test/support/sfu-node.js';
import { ok } from '../signaling/test/support/acks.js';
import { connect, type Harness, request, startHarness } from '../signaling/test/support/harness.js';
import { pointToken, writeQueueSeed } from '../signaling/test/support/queue-seed.js';

jest.setTimeout(60_000);

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RULES = join(ROOT, 'infra', 'prometheus', 'alerts.yml');
const RULE_TESTS = join(ROOT, 'infra', 'prometheus', 'alerts.test.yml');
const DASHBOARD = join(ROOT, 'infra', 'grafana', 'dashboards', 'etapiste.json');
const DASHBOARD_PROVIDER = join(ROOT, 'infra', 'grafana', 'provisioning', 'dashboards', 'etapiste.yaml');
const TOKEN = 'metrics-token-for-the-rules-test-0123456789';

let h: Harness;
let node: Awaited<ReturnType<typeof startTestNode>>;
let postgres: RunningPostgres;
beforeAll(async () => {
  // A private PostgreSQL of its own: the last alert-rule test stops it.
  postgres = await startPostgres();
  h = await startHarness({
    METRICS_TOKEN: TOKEN,
    DATABASE_URL: postgres.url,
    SEED_FILE: writeQueueSeed([{ id: 'anna', skills: [{ agency: 'kela', language: 'fi' }] }]),
  });
  node = await startTestNode({ METRICS_TOKEN: TOKEN, SFU_WORKERS: '1', REDIS_PREFIX: h.prefix });
});
afterAll(async () => {
  await node?.close();
  await h?.close();
  await postgres?.stop();
});

const scrape = async (url: string) =>
  (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();

interface Dashboard {
  uid: string;
  panels: { id: number; type: string; datasource?: unknown; targets?: { expr: string }[] }[];
  templating: { list: { query?: string | { query: string } }[] };
}

/** Every PromQL the dashboard runs: panel targets and the variables' label_values() queries. */
function dashboardQueries(dashboard: Dashboard): string[] {
  const targets = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const variables = dashboard.templating.list.flatMap((v) =>
    typeof v.query === 'object' && v.query.query.startsWith('label_values(') ? [v.query.query] : [],
  );
  return [...targets, ...variables];
}

/** Names a scrape can be queried by: each family's name, and its histogram/summary series. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (!name) continue;
    names.add(name);
    if (type === 'histogram' || type === 'summary')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`);
  }
  return names;
}

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    const result = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS: 10 rules found');
    expect(result.status).toBe(0);
  });

  it("fire as promtool's unit tests say (alerts.test.yml)", () => {
    const result = spawnSync('promtool', ['test', 'rules', RULE_TESTS], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('and the dashboard query only metrics that signaling and the SFU node export', async () => {
    const rules = parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { expr: string }[] }[] };
    const expressions = [
      ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)),
      ...dashboardQueries(JSON.parse(readFileSync(DASHBOARD, 'utf8'))),
    ];
    expect(expressions.length).toBeGreaterThan(30);
    // Every expression names a metric of ours (or Prometheus's own `up`): none is checked vacuously.
    expect(expressions.filter((e) => !/\betapiste_[a-z_]+\b|\bup\{/.test(e))).toEqual([]);
    const used = new Set(expressions.flatMap((e) => e.match(/\betapiste_[a-z_]+\b/g) ?? []));
    const exported = exportedNames(`${await scrape(h.baseUrl)}\n${await scrape(node.controlUrl)}`);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    // The dashboard's own figures, not only the rules', reach past the queue gauges.
    for (const name of [
      'etapiste_sfu_worker_consumers',
      'etapiste_ledger_oldest_seconds',
      'etapiste_sockets_connected',
      'etapiste_database_up',
    ]) {
      expect(used).toContain(name);
    }
  });

  it('and the dashboard is provisionable: unique panel ids, a data source on every query, a provider', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.uid).toBe('etapiste');
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.targets?.length).toBeGreaterThan(0);
      // Grafana's variable syntax, not a template literal: the data source the viewer picks.
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: ['$', '{datasource}'].join('') });
    }
    const provider = parse(readFileSync(DASHBOARD_PROVIDER, 'utf8')) as { providers: { type: string }[] };
    expect(provider.providers.map((p) => p.type)).toEqual(['file']);
  });

  it('count a waiting customer per agency × language', async () => {
    const point = await connect(h.baseUrl, await pointToken(h.signaling, 'p1'));
    try {
      await ok(request(point, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const text = await scrape(h.baseUrl);
      expect(text).toContain('etapiste_queue_waiting{agency="tax",language="fi"} 1');
      expect(text).toContain('etapiste_queue_waiting{agency="kela",language="fi"} 0');
      expect(text).toContain('etapiste_redis_up 1');
      expect(text).toMatch(/etapiste_queue_specialists\{agency="tax",language="fi",state="offline"\} \d/);
    } finally {
      point.close();
    }
  });
});

describe('the database gauge', () => {
  it('says 1 while PostgreSQL answers and 0 once it is gone, and the scrape still answers', async () => {
    expect(await scrape(h.baseUrl)).toMatch(/^etapiste_database_up 1$/m);
    await postgres.stop();
    const text = await scrape(h.baseUrl);
    expect(text).toMatch(/^etapiste_database_up 0$/m);
    expect(text).toContain('etapiste_redis_up 1');
  });
});

describe('the SFU node', () => {
  const sample = async (pattern: RegExp) => Number(pattern.exec(await scrape(node.controlUrl))?.[1]);

  it('reports rooms, consumers and CPU time per worker', async () => {
    const { room } = await node.rooms.open(`metrics-${Date.now()}`, 0);
    try {
      const text = await scrape(node.controlUrl);
      expect(text).toContain('etapiste_sfu_worker_rooms{worker="0"} 1');
      expect(text).toContain('etapiste_sfu_worker_consumers{worker="0"} 0');
      expect(await sample(/^etapiste_sfu_worker_cpu_seconds_total\{worker="0"\} (\S+)$/m)).toBeGreaterThan(0);
    } finally {
      node.rooms.closeRoom(room.id);
    }
    expect(await scrape(node.controlUrl)).toContain('etapiste_sfu_worker_rooms{worker="0"} 0');
  });

  it('counts a worker that died, though the pool replaces it', async () => {
    expect(await sample(/^etapiste_sfu_worker_deaths_total (\S+)$/m)).toBe(0);
    const [slot] = node.pool.slots();
    if (!slot) throw new Error('no worker');
    const replaced = new Promise((resolve) => node.pool.once('worker-replaced', resolve));
    process.kill(slot.worker.pid, 'SIGKILL');
    await replaced;
    expect(await sample(/^etapiste_sfu_worker_deaths_total (\S+)$/m)).toBe(1);
    expect(await sample(/^etapiste_sfu_workers_alive (\S+)$/m)).toBe(1);
  });
});
