/**
 * An offer: a request ringing at one specialist (and, for an interpreter-needed request, at an
 * interpreter with them). It lives in its request's hash (`ticket:<id>`, see redis/keys.ts), and
 * its id is the request's with `-o<n>` (the request's n-th offer), so the request is found from it.
 * Only the queue's scripts write it (queue/lua.ts, `make_offer`); it rings while the request is
 * `offered` with that offer id, and is gone once accepted, declined, run out or withdrawn (the
 * request moves on in the same step). Everyone else reads it through the offer store (offer-store.ts).
 *
 * | ticket field            | value                                                          |
 * | ----------------------- | -------------------------------------------------------------- |
 * | `offerId`, `expertId`   | the offer ringing now, the specialist                          |
 * | `offeredAt`, `offerExpiresAt` | epoch ms (Redis `TIME`)                                  |
 * | `offerInterpreterId`    | the interpreter offered it with the specialist ('' when none)  |
 * | `offerAccepted`         | who of the two accepted first (an offer with an interpreter)   |
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

/** The request an offer id belongs to (`<ticketId>-o<n>`); undefined for an id of no such form. */
export function offerTicketId(offerId: string): string | undefined {
  return /^(.+)-o\d+$/.exec(offerId)?.[1];
}

/** The record of an offer's fields; undefined when the offer is gone (or not a whole one). */
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
