/**
 * The alert rules (infra/prometheus/alerts.yml) load in Prometheus's own checker, and every
 * etapiste_* metric they use is exported by signaling or an SFU node; the queue gauges follow the
 * queue (a customer who starts waiting is counted per agency × language).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startTestNode } from '../sfu-server/test/support/sfu-node.js';
import { ok } from '../signaling/test/support/acks.js';
import { connect, type Harness, request, startHarness } from '../signaling/test/support/harness.js';
import { pointToken, writeQueueSeed } from '../signaling/test/support/queue-seed.js';

jest.setTimeout(60_000);

const RULES = join(fileURLToPath(new URL('..', import.meta.url)), 'infra', 'prometheus', 'alerts.yml');
const TOKEN = 'metrics-token-for-the-rules-test-0123456789';

let h: Harness;
let node: Awaited<ReturnType<typeof startTestNode>>;
beforeAll(async () => {
  h = await startHarness({
    METRICS_TOKEN: TOKEN,
    SEED_FILE: writeQueueSeed([{ id: 'anna', skills: [{ agency: 'kela', language: 'fi' }] }]),
  });
  node = await startTestNode({ METRICS_TOKEN: TOKEN, SFU_WORKERS: '1', REDIS_PREFIX: h.prefix });
});
afterAll(async () => {
  await node?.close();
  await h?.close();
});

const scrape = async (url: string) =>
  (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    const result = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS: 7 rules found');
    expect(result.status).toBe(0);
  });

  it('use only metrics that signaling and the SFU node export', async () => {
    const used = new Set(readFileSync(RULES, 'utf8').match(/\betapiste_[a-z_]+\b/g));
    expect(used.size).toBeGreaterThan(5);
    const exported = `${await scrape(h.baseUrl)}\n${await scrape(node.controlUrl)}`;
    const missing = [...used].filter((name) => !exported.includes(`# TYPE ${name} `));
    expect(missing).toEqual([]);
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
