/**
 * One origin: nginx running the production configuration (infra/nginx/etapiste.conf.template)
 * with a self-signed certificate in front of two signaling processes, serving the point app at /
 * and the specialist console at /console/. Chromium signs a point and a specialist in through it
 * (the API round-robins over both processes, the sockets are WebSockets through the proxy); the
 * point asks for a specialist and the console answers, and each app decodes the other's video (the
 * media itself goes to the SFU node, not through nginx); an app of another protocol version (a
 * rolling upgrade) is told to reload the page, in its language; a
 * browser that does not trust the certificate is refused; plain HTTP redirects to HTTPS; and a
 * client's spoofed X-Forwarded-For does not change the address sign-in throttling counts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { selfSignedCertificate, startNginx } from '../scripts/nginx-server.mjs';
import {
  PROCESS_SECRET,
  type SignalingProcess,
  startSignalingProcess,
} from '../signaling/test/support/signaling-process.js';
import { until } from '../signaling/test/support/until.js';
import { launchChromium, repoRoot } from './support/browser.js';
import { type ProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(120_000);

let stack: ProcessStack;
let second: SignalingProcess;
let nginx: Awaited<ReturnType<typeof startNginx>>;
let browser: Browser;
let certDir: string;
let ca: Buffer;

beforeAll(async () => {
  // Both processes sign and check tokens with one secret and believe only the proxy (loopback here);
  // both keep the demo agencies open, whatever the hour (startTestStack does so for the first).
  const shared = { TOKEN_SECRET: PROCESS_SECRET, TRUST_PROXY: '127.0.0.1', DEMO_ALWAYS_OPEN: 'true' };
  stack = await startTestStack({ servers: 'processes', env: shared });
  second = await startSignalingProcess({ ...shared, REDIS_URL: stack.redisUrl, NODE_ENV: 'development' });
  certDir = mkdtempSync(join(tmpdir(), 'etapiste-cert-'));
  const { cert, key } = selfSignedCertificate(certDir);
  ca = readFileSync(cert);
  nginx = await startNginx({
    signaling: [stack.signalingUrl, second.url],
    pointRoot: join(repoRoot, 'point-client', 'dist'),
    consoleRoot: join(repoRoot, 'agent-console', 'dist'),
    cert,
    key,
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await second?.kill('SIGTERM');
  await stack?.stop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

/** Presses a tile of a radio group, as a finger would (the radio input itself is hidden in it). */
async function pick(page: Page, group: string | RegExp, name: string) {
  await page
    .getByRole('radiogroup', { name: group })
    .locator('label')
    .filter({ has: page.getByRole('radio', { name, exact: true }) })
    .click();
}

/** Waits until a <video> the selector matches has decoded more than ten frames. */
async function waitForFrames(page: Page, selector: string, what: string) {
  const frames = () =>
    page.evaluate(
      (css) =>
        Math.max(
          0,
          ...Array.from(document.querySelectorAll<HTMLVideoElement>(css)).map(
            (video) => video.getVideoPlaybackQuality().totalVideoFrames,
          ),
        ),
      selector,
    );
  await until(what, async () => (await frames()) > 10, 90_000);
}

/** An HTTPS request to the proxy that trusts exactly its certificate. */
function viaProxy(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; port?: number; https?: boolean } = {},
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: nginx.httpsPort,
        path,
        method: options.method ?? 'GET',
        headers: { host: `localhost:${nginx.httpsPort}`, ...options.headers },
        ca,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('one origin through nginx', () => {
  it('serves the point app and the console, and signs both in over the proxied API and sockets', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
    const point = await context.newPage();
    await point.goto(`${nginx.url}/`);
    await point.getByLabel('Asiointipisteen tunnus').fill('mikkeli');
    await point.getByLabel('Laitteen avain').fill('demo-point-key-mikkeli');
    await point.getByRole('button', { name: 'Ota käyttöön' }).click();
    await point.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();

    const console = await context.newPage();
    await console.goto(`${nginx.url}/console/`);
    await console.getByLabel('Käyttäjätunnus').fill('aino');
    await console.getByLabel('Salasana').fill('etapiste-demo');
    await console.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await console.getByRole('heading', { name: 'Hei, Aino Virtanen' }).waitFor();
    await console.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
    await console.getByRole('button', { name: 'Vapaana' }).click();
    await console
      .getByRole('status')
      .filter({ hasText: /^Vapaana$/ })
      .waitFor();
    await context.close();

    // The sockets are WebSockets upgraded through the proxy (101), not long-polling; nginx logs
    // one when it closes.
    const accessLog = () => readFileSync(join(nginx.dir, 'access.log'), 'utf8').split('\n');
    await until('the WebSockets in the access log', async () =>
      accessLog().some((line) => line.includes('/socket.io/?EIO=4&transport=websocket') && line.includes('" 101 ')),
    );
    const log = accessLog();
    // The API was answered by both signaling processes.
    const upstreams = new Set(
      log.filter((line) => line.includes('"POST /api/')).map((line) => /upstream=(\S+)/.exec(line)?.[1]),
    );
    expect(upstreams).toEqual(new Set([new URL(stack.signalingUrl).host, new URL(second.url).host]));
  });

  it('carries a call between the point app and the console, both through the one origin', async () => {
    // Each app in a browser of its own (as at a point and at a specialist's desk).
    const open = async (path: string) => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      page.on('pageerror', (error) => process.stderr.write(`[page] ${error.message}\n`));
      await page.goto(`${nginx.url}${path}`);
      return page;
    };
    // Sanna (Kela in Finnish) and Kiiminki: nobody the first test signed in.
    const sanna = await open('/console/');
    const point = await open('/');
    try {
      await sanna.getByLabel('Käyttäjätunnus').fill('sanna');
      await sanna.getByLabel('Salasana').fill('etapiste-demo');
      await sanna.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
      await sanna.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
      await sanna.getByRole('button', { name: 'Vapaana' }).click();

      await point.getByLabel('Asiointipisteen tunnus').fill('kiiminki');
      await point.getByLabel('Laitteen avain').fill('demo-point-key-kiiminki');
      await point.getByRole('button', { name: 'Ota käyttöön' }).click();
      await point.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
      await pick(point, '1. Virasto', 'Kela');
      await pick(point, '2. Asiakkaan kieli', 'Suomi');
      await pick(point, /3\. Miten asiakkaan henkilöllisyys/, 'Henkilökortti');
      await point.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
      await point.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
      await point.getByRole('button', { name: 'Pyydä asiantuntija' }).click();

      const offer = sanna.getByRole('region', { name: /Uusi asiakas odottaa/ });
      await offer.getByRole('button', { name: 'Vastaa' }).click();
      await sanna.getByRole('heading', { name: 'Palvelu: Asiointipiste Kiiminki' }).waitFor();
      await point.getByRole('button', { name: 'Mykistä mikrofoni' }).waitFor();

      // Bounds for a loaded machine, where the apps may step the video down for a while.
      await waitForFrames(point, 'video.call__remote', 'the specialist video at the point');
      await waitForFrames(sanna, 'video.call-stage__remote', 'the point video in the console');
    } finally {
      await point.context().close();
      await sanna.context().close();
    }
  }, 240_000);

  it('tells an app of another protocol version to reload the page, in its language (a rolling upgrade)', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    // An app of another protocol version than this server's (as after an upgrade, when the two
    // differ; the server checks for equality): its hello is rewritten on the wire, everything else
    // passes through to the real signaling process unchanged.
    let sockets = 0;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      sockets += 1;
      const server = ws.connectToServer();
      ws.onMessage((message) =>
        server.send(
          typeof message === 'string'
            ? message.replace(/"protocolVersion":\d+/, `"protocolVersion":${PROTOCOL_VERSION + 1}`)
            : message,
        ),
      );
    });
    try {
      await page.goto(`${nginx.url}/console/`);
      await page.getByLabel('Käyttäjätunnus').fill('erik');
      await page.getByLabel('Salasana').fill('etapiste-demo');
      await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
      const reload = {
        Suomi: 'Yhteys suljettu. Päivitä sivu.',
        Svenska: 'Förbindelsen är stängd. Ladda om sidan.',
        English: 'Connection closed. Reload the page.',
      };
      for (const [language, text] of Object.entries(reload)) {
        await page
          .getByRole('radio', { name: language })
          .or(page.getByRole('button', { name: language }))
          .first()
          .click();
        await page.getByRole('status').filter({ hasText: text }).waitFor();
      }
      // It gave up rather than retrying: no socket was opened again after the refusal.
      expect(sockets).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('refuses a browser that does not trust the certificate, and redirects plain HTTP to HTTPS', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await expect(page.goto(`${nginx.url}/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    await context.close();

    const redirect = await fetch(`http://127.0.0.1:${nginx.httpPort}/console/`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`https://127.0.0.1:${nginx.httpsPort}/console/`);
    // Health and metrics stay internal.
    expect((await viaProxy('/readyz')).status).toBe(404);
    expect((await viaProxy('/metrics')).status).toBe(404);
    expect((await viaProxy('/')).headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it("throttles sign-ins on the client's real address, whatever X-Forwarded-For it sends", async () => {
    // 21 wrong passwords spread over 7 accounts (3 each: under the per-account limits), each with
    // another made-up X-Forwarded-For. The proxy replaces the header with the client's address, so
    // all 21 count against one address, whose limit is 4 × LOGIN_MAX_FAILURES = 20.
    const accounts = ['aino', 'erik', 'sanna', 'james', 'helena', 'maria', 'admin'];
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await viaProxy('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i + 1}` },
        body: JSON.stringify({ username: accounts[i % accounts.length], password: `guess-${i}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);
  });
});
