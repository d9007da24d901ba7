/**
 * A command's logger writes its lines with the command's bindings, and makes pino's child (a
 * serialisation of the bindings through the redaction) only for a line at an enabled level.
 */
import { Writable } from 'node:stream';
import { describe, expect, it, jest } from '@jest/globals';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { CommandLogger } from '../src/realtime/command-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const parent = pino({ level }, sink);
  const child = jest.spyOn(parent, 'child');
  return { lines, parent: parent as unknown as FastifyBaseLogger, child };
}

const bindings = { socketId: 'sock-1', principalId: 'e-1', role: 'expert', event: 'offer:accept' };

describe('CommandLogger', () => {
  it('makes no child for lines below the level', () => {
    const { lines, parent, child } = capture('warn');
    const log = new CommandLogger(parent, bindings);
    log.info({ ticketId: 't-1' }, 'request queued');
    log.debug('detail');
    log.trace('more');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    expect(log.level).toBe('warn');
  });

  it('writes an enabled line with the bindings, through one child', async () => {
    const { lines, parent, child } = capture('info');
    const log = new CommandLogger(parent, bindings);
    log.debug('below the level');
    log.info({ ticketId: 't-1' }, 'request queued');
    log.error({ code: 'INTERNAL' }, 'command failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ ...bindings, ticketId: 't-1', msg: 'request queued', level: 30 });
    expect(lines[1]).toMatchObject({ ...bindings, code: 'INTERNAL', msg: 'command failed', level: 50 });
  });

  it('hands child() and a level change to the bound logger', async () => {
    const { lines, parent } = capture('warn');
    const log = new CommandLogger(parent, bindings);
    log.level = 'debug';
    log.debug('now written');
    log.child({ step: 'media' }).warn('from a grandchild');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([
      expect.objectContaining({ ...bindings, msg: 'now written' }),
      expect.objectContaining({ ...bindings, step: 'media', msg: 'from a grandchild' }),
    ]);
    // The router's own logger keeps its level.
    expect(parent.level).toBe('warn');
  });
});
