/**
 * The reconnection schedule: quick first retries (most drops are momentary), then a steady pace
 * with jitter so that a whole office of devices does not reconnect in the same millisecond after
 * a network outage. The same schedule as LiveKit's client.
 */
export const RECONNECT_SCHEDULE_MS: readonly number[] = [0, 300, 1200, 2700, 4800];
export const RECONNECT_STEADY_MS = 7000;
export const RECONNECT_JITTER_MS = 1000;

export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const scheduled = RECONNECT_SCHEDULE_MS[attempt];
  if (scheduled !== undefined) return scheduled;
  return RECONNECT_STEADY_MS + Math.floor(random() * RECONNECT_JITTER_MS);
}
