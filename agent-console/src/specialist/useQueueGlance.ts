/**
 * The queues as a specialist sees them (`queues:watch`, then `queues:update` pushes): every agency ×
 * language with how many wait, the longest wait and who is at work. The longest wait is counted on
 * from when each figure arrived, so it ticks live between pushes without trusting the browser's
 * clock against the server's.
 */
import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { Language, QueueGlance } from '@etapiste/protocol';
import { useEffect, useState } from 'react';

export interface WatchedQueue extends QueueGlance {
  /** When this figure arrived (epoch ms, the browser's clock). */
  receivedAt: number;
}

export type QueueGlances = ReadonlyMap<string, WatchedQueue>;

export const queueKey = (agency: string, language: Language) => `${agency}:${language}`;

/** The longest wait now, in whole seconds: the figure plus the time since it arrived. */
export function longestWaitNow(queue: WatchedQueue, now: number): number {
  if (queue.waiting === 0) return 0;
  return queue.longestWaitSeconds + Math.max(0, Math.floor((now - queue.receivedAt) / 1000));
}

export function mergeGlances(current: QueueGlances, queues: readonly QueueGlance[], receivedAt: number): QueueGlances {
  const next = new Map(current);
  for (const queue of queues) next.set(queueKey(queue.agency, queue.language), { ...queue, receivedAt });
  return next;
}

export function useQueueGlance(client: SignalingClient | undefined, connection: ConnectionState): QueueGlances {
  const [queues, setQueues] = useState<QueueGlances>(new Map());

  useEffect(() => {
    if (!client) return;
    return client.on('queues:update', (update) =>
      setQueues((current) => mergeGlances(current, update.queues, Date.now())),
    );
  }, [client]);

  // After every (re)connect: the whole picture again (pushes may have been missed meanwhile).
  useEffect(() => {
    if (connection !== 'connected' || !client) return;
    let cancelled = false;
    client.request('queues:watch', {}).then(
      (snapshot) => !cancelled && setQueues(mergeGlances(new Map(), snapshot.queues, Date.now())),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [connection, client]);

  return queues;
}
