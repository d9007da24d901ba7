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
 */
export function estimateWaitSeconds(position: number, working: number, ahtMs: number): number | undefined {
  if (working <= 0 || position <= 0) return undefined;
  return Math.max(0, Math.round(((position - 0.5) * ahtMs) / working / 1000));
}
