/**
 * Real signaling processes (the built `dist/main.js`) for tests that kill them: each on its own
 * port, against a given Redis and prefix, with settings from the test. `pnpm test` builds first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Principal } from '@etapiste/protocol';
import { freePort } from '../../../scripts/redis-server.mjs';
import { TokenService } from '../../src/auth/tokens.js';
import { connect, type TestSocket } from './harness.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
export const PROCESS_SECRET = 'process-test-secret-that-is-long-enough-0123';
export const processTokens = new TokenService(PROCESS_SECRET, {
  accessSeconds: 3600,
  refreshSeconds: 3600,
  pointRefreshSeconds: 3600,
});

export interface SignalingProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has exited (after a kill, or a failpoint). */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startSignalingProcess(env: Record<string, string>): Promise<SignalingProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      TOKEN_SECRET: PROCESS_SECRET,
      SIGNALING_PORT: String(port),
      LOG_LEVEL: 'warn',
      SOCKET_COMMANDS_PER_SECOND: '10000',
      LEDGER_ENABLED: 'false',
      ADVISOR_SIGN_IN: 'optional',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // A bound on giving up, not a timing check: a loaded CI machine (other suites' Redis, SFU and
  // browsers on the same two cores) can take many seconds to start a process.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('signaling exited while starting');
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Not left behind: a process that never started would keep Jest (and its Redis clients) alive.
      child.kill('SIGKILL');
      await exited;
      throw new Error('signaling did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    url,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export const expertPrincipal = (id: string, skills: Principal['skills']): Principal => ({
  id,
  role: 'expert',
  displayName: id,
  capabilities: ['serve'],
  skills,
});

export const pointPrincipal = (id: string): Principal => ({
  id,
  role: 'point',
  displayName: id,
  capabilities: ['visit'],
  pointId: id,
});

/** A socket of a principal on a process (reconnection off: a test reconnects explicitly). */
export async function connectAs(target: { url: string }, principal: Principal): Promise<TestSocket> {
  return connect(target.url, (await processTokens.issueAccess(principal)).token);
}
