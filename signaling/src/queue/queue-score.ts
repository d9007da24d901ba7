/**
 * A waiting request's place in its queue's sorted set (`queue:<agency>:<language>`): score = band +
 * arrival ms × 1000 + a sequence number (0–999) that keeps one millisecond's arrivals in order. The
 * priority band (transferred and booked requests) comes before the normal one. The scripts
 * (lua.ts) write the scores; the readers here take the time each request began to wait back out of
 * them, so no second set of the same requests by arrival time needs writing at every enqueue and
 * every offer (it was one command in every match).
 *
 * The arrival read back is when the request began to wait in the queue's order: its enqueue, the
 * first enqueue of a transferred customer, and for a booked customer who came late the booked
 * time (they are served in the order of their booking).
 */
export const PRIORITY_BAND = 0;
/** Above any priority score: arrival ms × 1000 stays below 4e15 until the year 2096. */
export const NORMAL_BAND = 4_000_000_000_000_000;

/** When the request with this score began to wait (epoch ms). */
export function arrivalOf(score: number): number {
  return Math.floor((score - (score >= NORMAL_BAND ? NORMAL_BAND : PRIORITY_BAND)) / 1000);
}

/** The ZRANGE arguments of the normal band's first request (the head is the priority band's). */
export const NORMAL_HEAD = normalHead(1);

/** The ZRANGE arguments of the normal band's first `count` requests. */
export function normalHead(count: number) {
  return [NORMAL_BAND, '+inf', 'BYSCORE', 'LIMIT', 0, count, 'WITHSCORES'] as const;
}

/**
 * Arrival times (epoch ms, oldest first, at most `count`) from ZRANGE … WITHSCORES replies of one
 * queue: its head (either band) and the normal band's head, so the oldest of both bands is there.
 */
export function oldestArrivals(count: number, ...replies: readonly (readonly string[])[]): number[] {
  const seen = new Set<string>();
  const arrivals: number[] = [];
  for (const reply of replies) {
    for (let i = 0; i + 1 < reply.length; i += 2) {
      const id = reply[i] as string;
      if (seen.has(id)) continue;
      seen.add(id);
      arrivals.push(arrivalOf(Number(reply[i + 1])));
    }
  }
  return arrivals.sort((a, b) => a - b).slice(0, count);
}
