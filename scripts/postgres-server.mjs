/**
 * Starts a private PostgreSQL for tests: `initdb` into a temporary folder, then `postgres` on a free
 * port of 127.0.0.1 (and its Unix socket in the same folder), trust authentication for the
 * `postgres` role, never the developer's own server. Debian keeps the server programs outside PATH
 * (/usr/lib/postgresql/<version>/bin); PG_BIN names another folder. PostgreSQL refuses to run as
 * root, so under root the cluster belongs to, and runs as, the `postgres` account (or `nobody`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.mjs';

/** The folder holding initdb and postgres: PG_BIN, PATH, or Debian's newest version. */
export function postgresBinDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  throw new Error('PostgreSQL server programs (initdb, postgres) not found: apt-get install postgresql, or set PG_BIN');
}

/** Under root: the uid and gid of an unprivileged account to run the cluster as. */
function runAs() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((line) => line.startsWith(`${name}:`));
    if (entry) {
      const [, , uid, gid] = entry.split(':');
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error('running as root and no postgres or nobody account to run PostgreSQL as');
}

/**
 * A private PostgreSQL cluster on `port` (default: a free one) in a new temporary folder. Durability
 * is off (`fsync=off`): the data is thrown away with the folder.
 */
export async function startPostgres({ port } = {}) {
  const bin = postgresBinDir();
  const chosenPort = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'etapiste-postgres-'));
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
    { encoding: 'utf8', ...user },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.error?.message ?? ''}${init.stderr ?? ''}`);
  }
  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(chosenPort),
      '-h',
      '127.0.0.1',
      '-k',
      dir,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], ...user },
  );
  await new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(new Error(`postgres could not start (${error.message})`)));
    child.on('exit', (code) => reject(new Error(`postgres exited with ${code}: ${output}`)));
  });
  return {
    url: `postgres://postgres@127.0.0.1:${chosenPort}/postgres`,
    port: chosenPort,
    dir,
    pid: child.pid,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // SIGINT: PostgreSQL's "fast" shutdown (ends sessions, no waiting for clients).
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
