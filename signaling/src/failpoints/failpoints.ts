/**
 * Crash points, in the spirit of FoundationDB's buggify: `ETAPISTE_FAILPOINTS=<name>[@<n>][,…]`
 * makes the process kill itself with SIGKILL when it reaches a named point (the n-th time), so a test can crash
 * signaling exactly between a state change and its side effects and prove that nothing is left
 * stuck. Unset (always, in production), a failpoint is one Set lookup.
 *
 * Every point is listed here, so the crash tests can iterate over all of them and docs/queue.md's
 * failure table can name each.
 */
export const FAILPOINTS = [
  /** A queue script has changed state; its pushes (offers, positions, session events) not sent. */
  'queue:after-script',
  /** A deadline was claimed with its lease; its firing script has not run. */
  'deadlines:after-claim',
  /** A wrap-up recorded the transaction as pending; the outbox has not handed it to BullMQ. */
  'outbox:before-relay',
  /** The outbox added the ledger job; it has not cleared the pending mark. */
  'outbox:after-relay',
  /** A socket connected and was authenticated; it is not yet in the connection registry. */
  'liveness:before-register',
] as const;

export type Failpoint = (typeof FAILPOINTS)[number];

/** `name` dies at the first time the point is reached, `name@3` at the third. */
const armed = new Map<string, number>(
  (process.env.ETAPISTE_FAILPOINTS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name = '', nth = '1'] = entry.split('@');
      return [name, Math.max(1, Number.parseInt(nth, 10) || 1)] as const;
    }),
);

export function failpoint(name: Failpoint): void {
  if (armed.size === 0) return;
  const left = armed.get(name);
  if (left === undefined) return;
  if (left > 1) armed.set(name, left - 1);
  else process.kill(process.pid, 'SIGKILL');
}
