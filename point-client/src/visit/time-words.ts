/** Waits in words a customer reads at a glance: whole minutes, never a countdown to the second. */

/** The estimate rounded up to whole minutes (an estimate that runs over worries more than one that runs under). */
export function etaMinutes(etaSeconds: number | undefined): number | undefined {
  if (etaSeconds === undefined) return undefined;
  return Math.max(1, Math.ceil(etaSeconds / 60));
}

/** Elapsed time as m:ss (or h:mm:ss), for the quiet clock beside the position. */
export function elapsedClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
