/**
 * Opening PostgreSQL at start when it may not be up yet (a host reboot, a database restarted
 * before its clients): a connection error is reported in one line naming the database (password
 * hidden) and the reason, and retried with a growing pause (1 s, 2 s, … up to 30 s) instead of
 * ending the process, so a service manager sees a process waiting for its database rather than a
 * crash loop. Other errors (a wrong password, a missing database) end the start as before.
 */
import { type DatabaseOptions, type LedgerDatabase, openDatabase } from './database.js';

/** Errors that say the server is not there (yet), not that it said no. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  '57P03',
]);

export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return (code !== undefined && UNREACHABLE.has(code)) || /timeout expired|Connection terminated/i.test(String(error));
}

export async function openDatabaseWhenReachable(
  options: DatabaseOptions,
  warn: (message: string) => void,
  pause = { firstMs: 1000, maxMs: 30_000 },
): Promise<LedgerDatabase> {
  let waitMs = pause.firstMs;
  for (;;) {
    try {
      return await openDatabase(options);
    } catch (error) {
      if (!options.databaseUrl || !isUnreachable(error)) throw error;
      const where = options.databaseUrl.replace(/:[^:@/]*@/, ':***@');
      const reason = (error as { code?: string }).code ?? String(error);
      warn(`database unreachable at ${where} (${reason}); retrying in ${Math.round(waitMs / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      waitMs = Math.min(waitMs * 2, pause.maxMs);
    }
  }
}
