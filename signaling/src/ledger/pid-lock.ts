/**
 * PGlite is Postgres inside this process: two processes opening one data folder would both write
 * it and corrupt it. A pid file beside the folder (not in it: initdb wants it empty) keeps a second
 * process out with a clear message. A file left by a process that is gone is taken over; so is
 * one with our own pid that this process does not hold (a container restarted with the same pid).
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

const held = new Set<string>();

export function acquirePidLock(file: string, what: string): () => void {
  const inUse = (pid: number) =>
    new DataDirInUseError(
      `${what} is in use by process ${pid}. PGlite serves one process: set DATABASE_URL (PostgreSQL) ` +
        `to run several signaling processes, or remove ${file} if that process is not ours.`,
    );
  if (held.has(file)) throw inUse(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      held.add(file);
      return () => release(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (holder > 0 && holder !== process.pid && isAlive(holder)) throw inUse(holder);
      unlinkSync(file);
    }
  }
  throw new DataDirInUseError(`could not take ${file}`);
}

function release(file: string): void {
  if (!held.delete(file)) return;
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
