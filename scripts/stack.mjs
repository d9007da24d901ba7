#!/usr/bin/env node
/**
 * The local stack on embedded defaults: Redis (REDIS_URL if given, else a private redis-server
 * with AOF persistence under .data/redis), the SFU node, signaling, and both web apps served from
 * their builds, then the URLs and demo logins. Ctrl-C stops everything in reverse order.
 *
 * Also used by the end-to-end tests (`startStack()` with free ports and a throwaway data folder).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from './redis-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const DEFAULT_PORTS = {
  redis: 6390,
  signaling: 8080,
  sfuHttp: 8090,
  sfuRtc: 40000,
  pointClient: 4173,
  agentConsole: 4174,
  /** Signaling's internal Prometheus listener (`/metrics` is not on the public port). */
  signalingMetrics: 9464,
  /** The SFU node's internal Prometheus listener (`/metrics` is not on its control API's port). */
  sfuMetrics: 9465,
};

function log(message) {
  process.stderr.write(`[stack] ${message}\n`);
}

/** Spawns a child whose output is prefixed with its name (or kept quiet), and remembers it. */
function run(name, command, args, { env = {}, cwd = root, quiet = false } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let recent = '';
  const forward = (stream) => (chunk) => {
    recent = (recent + chunk).slice(-4000);
    if (!quiet) {
      for (const line of String(chunk).split('\n')) if (line.trim()) stream.write(`${name.padEnd(13)}| ${line}\n`);
    }
  };
  child.stdout.on('data', forward(process.stdout));
  child.stderr.on('data', forward(process.stderr));
  child.name = name;
  child.recentOutput = () => recent;
  return child;
}

async function waitFor(name, url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`${name} exited with code ${child.exitCode}:\n${child.recentOutput()}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not become ready at ${url} within ${timeoutMs} ms:\n${child?.recentOutput() ?? ''}`);
}

async function stopAll(children) {
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Starts everything and resolves with the URLs once every part answers its health check.
 * Options: ports (partial), dataDir, redisUrl, quiet, env (extra variables for the services).
 */
export async function startStack(options = {}) {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const dataDir = options.dataDir ?? join(root, '.data');
  const quiet = options.quiet ?? false;
  const children = [];
  try {
    let redisUrl = options.redisUrl ?? process.env.REDIS_URL;
    if (!redisUrl) {
      const redisDir = join(dataDir, 'redis');
      mkdirSync(redisDir, { recursive: true });
      // AOF with fsync every second: a crash loses at most a second of queue changes.
      const redis = await startRedis({ port: ports.redis, dir: redisDir });
      redis.child.name = 'redis';
      redis.child.recentOutput = () => '';
      children.push(redis.child);
      redisUrl = redis.url;
    }
    const env = { REDIS_URL: redisUrl, NODE_ENV: 'development', ...options.env };
    const signalingUrl = `http://127.0.0.1:${ports.signaling}`;
    // A caller that picks its own ports (the tests) gets any free metrics port unless it names one.
    const metricsPort = options.ports?.signalingMetrics ?? (options.ports ? 0 : DEFAULT_PORTS.signalingMetrics);
    const sfuMetricsPort = options.ports?.sfuMetrics ?? (options.ports ? 0 : DEFAULT_PORTS.sfuMetrics);

    const sfu = run('sfu-server', process.execPath, ['sfu-server/dist/main.js'], {
      quiet,
      // Its own METRICS_PORT: a METRICS_PORT in the shell is signaling's (both run on this host).
      env: {
        ...env,
        SFU_HTTP_PORT: String(ports.sfuHttp),
        SFU_RTC_PORT: String(ports.sfuRtc),
        METRICS_PORT: String(sfuMetricsPort),
      },
    });
    children.push(sfu);
    const signaling = run('signaling', process.execPath, ['signaling/dist/main.js'], {
      quiet,
      // The ledger on embedded PGlite beside Redis's data, unless DATABASE_URL points at PostgreSQL.
      env: {
        LEDGER_DATA_DIR: process.env.LEDGER_DATA_DIR ?? join(dataDir, 'ledger'),
        METRICS_PORT: process.env.METRICS_PORT ?? String(metricsPort),
        ...env,
        SIGNALING_PORT: String(ports.signaling),
      },
    });
    children.push(signaling);
    const apps = [
      ['point-client', ports.pointClient, 'POINT_CLIENT_PORT'],
      ['agent-console', ports.agentConsole, 'AGENT_CONSOLE_PORT'],
    ].map(([name, port, portVariable]) => {
      const vite = join(root, name, 'node_modules', 'vite', 'bin', 'vite.js');
      const child = run(name, process.execPath, [vite, 'preview', '--strictPort'], {
        cwd: join(root, name),
        quiet,
        env: { SIGNALING_URL: signalingUrl, [portVariable]: String(port) },
      });
      children.push(child);
      return { name, port, child };
    });

    await waitFor('sfu-server', `http://127.0.0.1:${ports.sfuHttp}/readyz`, sfu, 90_000);
    await waitFor('signaling', `${signalingUrl}/readyz`, signaling);
    for (const app of apps) await waitFor(app.name, `http://127.0.0.1:${app.port}/`, app.child);

    return {
      redisUrl,
      signalingUrl,
      pointClientUrl: `http://127.0.0.1:${ports.pointClient}/`,
      agentConsoleUrl: `http://127.0.0.1:${ports.agentConsole}/`,
      sfuUrl: `http://127.0.0.1:${ports.sfuHttp}`,
      children,
      stop: () => stopAll(children),
    };
  } catch (error) {
    await stopAll(children);
    throw error;
  }
}

async function main() {
  let stack;
  const shutdown = async () => {
    log('stopping…');
    await stack?.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    stack = await startStack();
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  for (const child of stack.children) {
    child.on('exit', (code, signal) => {
      log(`${child.name} stopped (${signal ?? code}); stopping the stack`);
      void shutdown();
    });
  }
  const lines = [
    '',
    'Etäpiste is running:',
    `  Service point app    ${stack.pointClientUrl}`,
    `  Specialist console   ${stack.agentConsoleUrl}`,
    `  Signaling API        ${stack.signalingUrl}   (/healthz, /readyz)`,
    `  Signaling metrics    http://127.0.0.1:${process.env.METRICS_PORT ?? DEFAULT_PORTS.signalingMetrics}/metrics   (internal listener)`,
    `  SFU node             ${stack.sfuUrl}   (/healthz, /readyz, control API)`,
    `  SFU metrics          http://127.0.0.1:${DEFAULT_PORTS.sfuMetrics}/metrics   (internal listener)`,
    `  Redis                ${stack.redisUrl}`,
    '',
    'Demo sign-ins (password etapiste-demo):',
    '  specialists  aino (Tax fi/en, Kela fi), erik (Tax/Kela/DVV/Migri sv), sanna (Kela fi, TE fi/en),',
    '               james (Migri en/fi, Police en/fi), helena (Police fi/sv, DVV fi, NLS fi/sv)',
    '  supervisor   maria (Tax, Kela, TE)      administrator  admin',
    'Service point devices: point id mikkeli, parainen, kiiminki, saarijarvi or pelkosenniemi,',
    '  key demo-point-key-<point id> (e.g. demo-point-key-mikkeli)',
    '',
    ...openingHoursLines(),
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/**
 * The demo seed keeps realistic opening hours (weekdays about 8–16, Helsinki time), so outside them
 * every request is answered "closed". Say so, and how to try a call at any hour anyway.
 */
function openingHoursLines() {
  const alwaysOpen = /^(1|true|yes|on)$/i.test(process.env.DEMO_ALWAYS_OPEN ?? '');
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Helsinki',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  const time = `${parts.hour}:${parts.minute}`;
  const weekday = !['Sat', 'Sun'].includes(parts.weekday);
  const inHours = weekday && time >= '08:00' && time < '16:00';
  if (alwaysOpen) {
    return ['Opening hours: DEMO_ALWAYS_OPEN is on, so every agency counts as open now (demo only).', ''];
  }
  return [
    `Opening hours: the demo agencies keep realistic hours (weekdays from about 8 to 16, Helsinki time;`,
    '  infra/seed/demo.yaml). Outside them a request is answered "closed" and nobody is offered it.',
    inHours
      ? `  It is ${parts.weekday} ${time} in Helsinki: open now.`
      : `  It is ${parts.weekday} ${time} in Helsinki: OUTSIDE opening hours. To try a call now, restart with`,
    ...(inHours ? ['  To try a call outside them, start with'] : []),
    '      DEMO_ALWAYS_OPEN=true ./etapiste start',
    '',
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
