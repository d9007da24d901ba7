/**
 * The queue glance (`queues:watch`) reads and pushes only where someone watches: a process with no
 * watcher reads nothing when its queues change, and one with watchers hears of the other processes'
 * changes (`queue:dirty`) and pushes to its own watchers.
 */
import { describe, expect, it } from '@jest/globals';
import { QueueGlancePusher } from '../src/queue/queue-glance.js';
import { queuesRoom } from '../src/realtime/rooms.js';

function world(watchers: number) {
  const handlers = new Map<string, (queues: string[]) => void>();
  const pushed: { room: string; event: string; payload: unknown }[] = [];
  const rooms = new Map<string, Set<string>>();
  if (watchers > 0) rooms.set(queuesRoom, new Set(Array.from({ length: watchers }, (_, i) => `socket${i}`)));
  const io = {
    on: (event: string, handler: (queues: string[]) => void) => handlers.set(event, handler),
    of: () => ({ adapter: { rooms } }),
    local: {
      to: (room: string) => ({
        emit: (event: string, payload: unknown) => pushed.push({ room, event, payload }),
      }),
    },
  };
  const reads: string[] = [];
  const redis = {
    zcard: async (key: string) => {
      reads.push(`zcard ${key}`);
      return 2;
    },
    zrange: async (key: string) => {
      reads.push(`zrange ${key}`);
      return [];
    },
    smembers: async (key: string) => {
      reads.push(`smembers ${key}`);
      return [];
    },
  };
  const keys = {
    queue: (a: string, l: string) => `queue:${a}:${l}`,
    since: (a: string, l: string) => `since:${a}:${l}`,
    staffed: (a: string, l: string) => `staffed:${a}:${l}`,
  };
  const presence = { records: async () => [] };
  const log = { warn: () => undefined };
  const pusher = new QueueGlancePusher(
    io as never,
    redis as never,
    keys as never,
    presence as never,
    {} as never,
    log as never,
    5,
  );
  return { pusher, handlers, pushed, reads };
}

const report = (queues: string[]) => ({ status: 'ok', offers: [], withdrawn: [], queues, presence: {} });
const later = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('queue glance', () => {
  it('reads nothing while nobody watches on this process', async () => {
    const w = world(0);
    await w.pusher.onReport(report(['tax:fi', 'kela:sv']));
    w.handlers.get('queue:dirty')?.(['tax:en']);
    await later();
    expect(w.reads).toEqual([]);
    expect(w.pushed).toEqual([]);
    w.pusher.close();
  });

  it('pushes its own and the other processes’ changes to the watchers here', async () => {
    const w = world(2);
    await w.pusher.onReport(report(['tax:fi']));
    w.handlers.get('queue:dirty')?.(['kela:sv']);
    await later();
    expect(w.pushed).toHaveLength(1);
    expect(w.pushed[0]).toMatchObject({
      room: queuesRoom,
      event: 'queues:update',
      payload: {
        queues: [
          { agency: 'tax', language: 'fi', waiting: 2 },
          { agency: 'kela', language: 'sv', waiting: 2 },
        ],
      },
    });
    w.pusher.close();
  });
});
