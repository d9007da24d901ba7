/**
 * An offer's Redis hash (`offer:<id>`, see redis/keys.ts): a request ringing at one specialist.
 * Only the queue's scripts write it (queue/lua.ts): making an offer creates it; accepting,
 * declining, letting it ring out, cancelling the request or the specialist going offline deletes
 * it in the same step. Everyone else reads it through the offer store (offer-store.ts).
 *
 * | field                   | value                            |
 * | ----------------------- | -------------------------------- |
 * | `ticketId`, `expertId`  | the request, the specialist      |
 * | `offeredAt`, `expiresAt` | epoch ms (Redis `TIME`)         |
 */
export interface OfferRecord {
  offerId: string;
  ticketId: string;
  expertId: string;
  /** Epoch milliseconds. */
  offeredAt: number;
  expiresAt: number;
}

/** The record of an offer's hash; undefined when the offer is gone (or not a whole one). */
export function parseOfferRecord(offerId: string, f: Record<string, string>): OfferRecord | undefined {
  const offeredAt = Number(f.offeredAt);
  const expiresAt = Number(f.expiresAt);
  if (!f.ticketId || !f.expertId || !f.offeredAt || !f.expiresAt) return undefined;
  if (!Number.isFinite(offeredAt) || !Number.isFinite(expiresAt)) return undefined;
  return { offerId, ticketId: f.ticketId, expertId: f.expertId, offeredAt, expiresAt };
}
