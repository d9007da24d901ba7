/**
 * A PostgreSQL that is not up when signaling starts is waited for: one line per attempt naming the
 * database (no password) and the reason, then the start goes on once it answers. A database that
 * answers "no" (here: no such database) ends the start at once, as before.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { type RunningPostgres, startPostgres } from '../../scripts/postgres-server.mjs';
import { freePort } from '../../scripts/redis-server.mjs';
import { openDatabaseWhenReachable } from '../src/ledger/database-retry.js';
import { until } from './support/until.js';

jest.setTimeout(60_000);

let server: RunningPostgres | undefined;
afterAll(async () => {
  await server?.stop();
});

describe('opening PostgreSQL at start', () => {
  it('retries while the server is unreachable, saying so, and opens it once it is up', async () => {
    const port = await freePort();
    const url = `postgres://postgres:secret@127.0.0.1:${port}/postgres`;
    const lines: string[] = [];
    const opening = openDatabaseWhenReachable({ databaseUrl: url, dataDir: 'unused' }, (line) => lines.push(line), {
      firstMs: 1000,
      maxMs: 2000,
    });
    await until('two attempts reported', async () => lines.length >= 2);
    expect(lines[0]).toBe(
      `database unreachable at postgres://postgres:***@127.0.0.1:${port}/postgres (ECONNREFUSED); retrying in 1 s`,
    );
    expect(lines[1]).toContain('retrying in 2 s');
    server = await startPostgres({ port });
    const db = await opening;
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await db.close();
  });

  it('does not retry a database that answers with an error', async () => {
    server ??= await startPostgres();
    const lines: string[] = [];
    await expect(
      openDatabaseWhenReachable(
        { databaseUrl: `postgres://postgres@127.0.0.1:${server.port}/no_such_database`, dataDir: 'unused' },
        (line) => lines.push(line),
      ),
    ).rejects.toThrow('database "no_such_database" does not exist');
    expect(lines).toEqual([]);
  });
});
