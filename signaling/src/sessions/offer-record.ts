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
 * | `interpreterId`         | the interpreter offered it with the specialist ('' when none) |
 * | `accepted`              | who of the two accepted first (an offer with an interpreter) |
 */
export interface OfferRecord {
  offerId: string;
  ticketId: string;
  expertId: string;
  /** Epoch milliseconds. */
  offeredAt: number;
  expiresAt: number;
  /** Set for an offer with an interpreter: it rings at both; the call starts when both accepted. */
  interpreterId?: string;
  acceptedBy?: string;
}

/** The record of an offer's hash; undefined when the offer is gone (or not a whole one). */
export function parseOfferRecord(offerId: string, f: Record<string, string>): OfferRecord | undefined {
  const offeredAt = Number(f.offeredAt);
  const expiresAt = Number(f.expiresAt);
  if (!f.ticketId || !f.expertId || !f.offeredAt || !f.expiresAt) return undefined;
  if (!Number.isFinite(offeredAt) || !Number.isFinite(expiresAt)) return undefined;
  return {
    offerId,
    ticketId: f.ticketId,
    expertId: f.expertId,
    offeredAt,
    expiresAt,
    ...(f.interpreterId ? { interpreterId: f.interpreterId } : {}),
    ...(f.accepted ? { acceptedBy: f.accepted } : {}),
  };
}
