/**
 * The estimated wait of a request at position p (1-based) of a queue with n specialists working it
 * (available, ringing, in a session or in wrap-up) and a recent average handle time AHT:
 *
 *     eta = (p − ½) × AHT / n
 *
 * Each working specialist frees up about once per AHT, so the queue moves at n / AHT requests per
 * second; the ½ accounts for the sessions in progress being, on average, half done. AHT is the
 * exponentially weighted handle time of the queue's recent sessions (answer → wrap-up done), or
 * the configured prior before the first one. With nobody working the queue there is no estimate.
 * A specialist who works several queues counts in each with the share 1 / (number of their
 * queues), since they serve whichever of them has waited longest; `pnpm bench queue` measures
 * the error.
 *
 * Booked time (appointments): a booked customer enters the queue ahead of walk-ins when checked
 * in, so a booking whose start falls before a walk-in's turn takes a specialist's AHT first. Each
 * booking due between now and the estimated turn therefore counts as one more request ahead:
 *
 *     eta = (p + k − ½) × AHT / n,  k = bookings starting in [now, now + eta)
 *
 * Counting k moves the turn later, which may bring more bookings into the window, so the count is
 * repeated until it no longer grows (at most once per booking). Bookings already checked in are in
 * the queue and in p; `bookedStarts` holds only those still to come (bookings/booking-service.ts
 * keeps them per queue in Redis, `Keys.bookingsDue`). Without it the estimate is the plain one.
 */
export function estimateWaitSeconds(
  position: number,
  working: number,
  ahtMs: number,
  bookedStarts: readonly number[] = [],
  now = Date.now(),
): number | undefined {
  if (working <= 0 || position <= 0) return undefined;
  const eta = (ahead: number) => Math.max(0, ((position + ahead - 0.5) * ahtMs) / working);
  let ahead = 0;
  for (;;) {
    const until = now + eta(ahead);
    const due = bookedStarts.filter((startsAt) => startsAt >= now && startsAt < until).length;
    if (due <= ahead) break;
    ahead = due;
  }
  return Math.round(eta(ahead) / 1000);
}
