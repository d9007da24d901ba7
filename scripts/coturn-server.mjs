/**
 * A private coturn for tests running infra/turn/turnserver.conf, the production configuration,
 * with the test's ports, secret, certificate and peer rule swapped in line by line (everything else
 * as in production: REST credentials, quotas, the deny-all peer rule), on 127.0.0.1 in the
 * foreground with its log on stdout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const COTURN_CONFIG = join(root, 'infra', 'turn', 'turnserver.conf');

/**
 * coturn on free ports of 127.0.0.1 (one for UDP/TCP, one for TLS) with `secret`, relaying only to
 * `allowedPeers` (address ranges, `a-b` or one address).
 */
export async function startCoturn({ secret, cert, key, allowedPeers }) {
  const dir = mkdtempSync(join(tmpdir(), 'etapiste-coturn-'));
  const port = await freePort();
  const tlsPort = await freePort();
  const relayBase = 50000 + Math.floor(Math.random() * 10000);
  const replaced = new Map([
    ['listening-port', `listening-port=${port}`],
    ['tls-listening-port', `tls-listening-port=${tlsPort}`],
    ['static-auth-secret', `static-auth-secret=${secret}`],
    ['cert', `cert=${cert}`],
    ['pkey', `pkey=${key}`],
    ['min-port', `min-port=${relayBase}`],
    ['max-port', `max-port=${relayBase + 200}`],
    ['allowed-peer-ip', allowedPeers.map((peer) => `allowed-peer-ip=${peer}`).join('\n')],
  ]);
  const lines = readFileSync(COTURN_CONFIG, 'utf8')
    .split('\n')
    .map((line) => {
      const name = /^([a-z-]+)(=|$)/.exec(line)?.[1];
      return name && replaced.has(name) ? replaced.get(name) : line;
    });
  // Loopback stands for the SFU's address here: coturn refuses loopback peers unless told.
  lines.push(
    'listening-ip=127.0.0.1',
    'relay-ip=127.0.0.1',
    'allow-loopback-peers',
    `pidfile=${join(dir, 'turnserver.pid')}`,
  );
  const file = join(dir, 'turnserver.conf');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const child = spawn('turnserver', ['-c', file, '--no-stdout-log=false'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (/Total (UDP|General) servers/.test(output) || output.includes('IO method')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) =>
      reject(new Error(`turnserver could not start (${error.message}); apt-get install coturn`)),
    );
    child.on('exit', (code) => reject(new Error(`turnserver exited with ${code}: ${output}`)));
  });
  // Its listeners open just after it says so; give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    port,
    tlsPort,
    dir,
    /** What coturn logged so far (allocations, 401s, refused peers). */
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
