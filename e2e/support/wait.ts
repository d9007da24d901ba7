/** Polling in browser tests, for what the page or the servers do later. */

/** Resolves once `check` holds (checked every 200 ms); fails with "timed out waiting for <what>" after `ms`. */
export async function waitFor(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
