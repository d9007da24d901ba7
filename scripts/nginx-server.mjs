/**
 * A private nginx for tests running infra/nginx/etapiste.conf.template, the production
 * configuration, rendered with the test's ports, paths and certificate (the same substitution
 * envsubst makes in production), inside a minimal nginx.conf of its own: pid, logs and temporary
 * files in a temporary folder, in the foreground. Also a self-signed certificate for it (openssl).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const NGINX_TEMPLATE = join(root, 'infra', 'nginx', 'etapiste.conf.template');

/** `${NAME}` → values[NAME]; a variable the template uses but `values` lacks is an error. */
export function renderTemplate(template, values) {
  return template.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`no value for \${${name}}`);
    return values[name];
  });
}

/** A self-signed certificate for localhost and 127.0.0.1 (valid one day) in `dir`: { cert, key }. */
export function selfSignedCertificate(dir, commonName = 'localhost') {
  const cert = join(dir, `${commonName}.crt`);
  const key = join(dir, `${commonName}.key`);
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`openssl failed: ${result.error?.message ?? ''}${result.stderr}`);
  return { cert, key };
}

/**
 * nginx on a free HTTPS port of 127.0.0.1 (and a free HTTP port that redirects), proxying to
 * `signaling` (URLs) and serving the two app builds.
 */
export async function startNginx({ signaling, pointRoot, consoleRoot, cert, key }) {
  const dir = mkdtempSync(join(tmpdir(), 'etapiste-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const httpsPort = await freePort();
  const httpPort = await freePort();
  const site = renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), {
    ETAPISTE_SERVER_NAME: 'localhost',
    ETAPISTE_HTTPS_PORT: String(httpsPort),
    ETAPISTE_HTTP_PORT: String(httpPort),
    ETAPISTE_TLS_CERT: cert,
    ETAPISTE_TLS_KEY: key,
    ETAPISTE_POINT_ROOT: pointRoot,
    ETAPISTE_CONSOLE_ROOT: consoleRoot,
    ETAPISTE_SIGNALING_SERVERS: signaling.map((url) => `server ${new URL(url).host};`).join(' '),
  });
  writeFileSync(join(dir, 'etapiste.conf'), site);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      // Under root the workers would switch to nobody, who cannot write this folder.
      ...(asRoot ? ['user root;'] : []),
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      // Which process answered each request, for the tests to check the balancing.
      `  log_format etapiste '$remote_addr "$request" $status upstream=$upstream_addr';`,
      `  access_log ${join(dir, 'access.log')} etapiste;`,
      `  client_body_temp_path ${join(dir, 'body')};`,
      `  proxy_temp_path ${join(dir, 'proxy')};`,
      `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
      `  scgi_temp_path ${join(dir, 'scgi')};`,
      `  include ${join(dir, 'etapiste.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const check = spawnSync('nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx -t failed: ${check.error?.message ?? ''}${check.stderr}`);
  }
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const url = `https://localhost:${httpsPort}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output}`);
    const probe = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${httpsPort}`], {
      input: '',
      encoding: 'utf8',
      timeout: 2000,
    });
    if (probe.status === 0) break;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${httpsPort}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    httpsPort,
    httpPort,
    dir,
    /** nginx's error log so far (for a failing test's message). */
    errors: () => readFileSync(join(dir, 'error.log'), 'utf8'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
