/** Polling until something holds, for effects that happen later (a worker's write, a job's state). */

/**
 * Resolves once `check` holds (checked every 50 ms), never asserting on time; fails with "gave up
 * waiting for <what>" after `ms`. `what` may be a function (also async), to say how far it got.
 */
export async function until(
  what: string | (() => string | Promise<string>),
  check: () => Promise<boolean>,
  ms = 20_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${typeof what === 'string' ? what : await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
