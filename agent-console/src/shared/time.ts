/** Time helpers shared by the console's views. */
import { useEffect, useState } from 'react';

/** Epoch ms of a server time: ISO strings, and epoch-millisecond strings some records still carry. */
export function toEpochMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const asNumber = Number(value);
  if (Number.isFinite(asNumber) && /^\d+$/.test(value)) return asNumber;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Whole seconds left until `deadline` (never negative). */
export function secondsLeft(deadline: string | undefined, now: number): number {
  const at = toEpochMs(deadline);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Whole seconds since `start` (never negative). */
export function secondsSince(start: string | undefined, now: number): number {
  const at = toEpochMs(start);
  return at === undefined ? 0 : Math.max(0, Math.floor((now - at) / 1000));
}

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The current time, re-rendered every `intervalMs` while the component is shown. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
