/**
 * The wallboard's live data: queue figures (`metrics:subscribe`, then `metrics:update` pushes of the
 * queues that changed), specialists and points (`supervision:subscribe`, then `supervision:update`)
 * and the day's history for the charts, fetched again every minute. Every (re)connect subscribes
 * again, since a new connection starts with no rooms. `clockOffsetMs` is how far the server's clock
 * is ahead of the browser's (from the figures' `at`), so waits counted on in the browser match the
 * server's.
 */
import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { QueueMetrics, SupervisionHistory, SupervisionSnapshot } from '@etapiste/protocol';
import { useEffect, useRef, useState } from 'react';
import { mergeQueues } from './thresholds.js';

const HISTORY_REFRESH_MS = 60_000;
const HISTORY_AFTER_CHANGE_MS = 5_000;

export interface WallboardData {
  queues: QueueMetrics[];
  lists: SupervisionSnapshot | undefined;
  history: SupervisionHistory | undefined;
  error: unknown;
  clockOffsetMs: number;
}

export function useWallboard(client: SignalingClient | undefined, connection: ConnectionState): WallboardData {
  const [queues, setQueues] = useState<QueueMetrics[]>([]);
  const [lists, setLists] = useState<SupervisionSnapshot>();
  const [history, setHistory] = useState<SupervisionHistory>();
  const [error, setError] = useState<unknown>();
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const lastHistory = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const loadHistory = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    if (!client) return;
    const offs = [
      client.on('metrics:update', (update) => {
        setQueues((held) => mergeQueues(held, update.queues));
        setClockOffsetMs(offsetOf(update.at));
        // The charts follow changes too: at most once per HISTORY_AFTER_CHANGE_MS, and the last
        // change in a burst is always followed by one more load.
        if (pending.current) return;
        const wait = Math.max(0, HISTORY_AFTER_CHANGE_MS - (Date.now() - lastHistory.current));
        pending.current = setTimeout(() => {
          pending.current = undefined;
          void loadHistory.current();
        }, wait);
      }),
      client.on('supervision:update', setLists),
    ];
    return () => {
      for (const off of offs) off();
      clearTimeout(pending.current);
      pending.current = undefined;
    };
  }, [client]);

  useEffect(() => {
    if (connection !== 'connected' || !client) return;
    let cancelled = false;
    const fail = (failure: unknown) => !cancelled && setError(failure);
    setError(undefined);
    client.request('metrics:subscribe', {}).then((snapshot) => {
      if (cancelled) return;
      setQueues(snapshot.queues);
      setClockOffsetMs(offsetOf(snapshot.at));
    }, fail);
    client.request('supervision:subscribe', {}).then((snapshot) => !cancelled && setLists(snapshot), fail);
    loadHistory.current = async () => {
      lastHistory.current = Date.now();
      await client.request('supervision:history', {}).then((h) => !cancelled && setHistory(h), fail);
    };
    void loadHistory.current();
    const timer = setInterval(() => void loadHistory.current(), HISTORY_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
      loadHistory.current = async () => {};
    };
  }, [connection, client]);

  return { queues, lists, history, error, clockOffsetMs };
}

/** The server's clock minus the browser's, from a push's `at` (0 when it cannot be read). */
function offsetOf(at: string): number {
  const server = Date.parse(at);
  return Number.isFinite(server) ? server - Date.now() : 0;
}
