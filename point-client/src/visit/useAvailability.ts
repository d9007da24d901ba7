/**
 * Which agencies can serve now, and in which languages (`availability:get`), asked again every
 * `refreshMs` while `active` (the start screen is open) and the connection is up. A failed read
 * keeps the last answer: the tiles then say nothing new rather than something wrong for long.
 */
import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { AvailabilitySnapshot } from '@etapiste/protocol';
import { useEffect, useState } from 'react';

export const AVAILABILITY_REFRESH_MS = 10_000;

export function useAvailability(
  client: SignalingClient | undefined,
  connection: ConnectionState,
  active: boolean,
  refreshMs = AVAILABILITY_REFRESH_MS,
): AvailabilitySnapshot | undefined {
  const [snapshot, setSnapshot] = useState<AvailabilitySnapshot>();
  useEffect(() => {
    if (!active || !client || connection !== 'connected') return;
    let stopped = false;
    const read = () => {
      client.request('availability:get', {}).then(
        (next) => {
          if (!stopped) setSnapshot(next);
        },
        () => undefined,
      );
    };
    read();
    const timer = setInterval(read, refreshMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, connection, active, refreshMs]);
  return snapshot;
}
