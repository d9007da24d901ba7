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

/** The fields of a request's hash that hold its offer (the table above, and `state`). */
export const OFFER_FIELDS = [
  'state',
  'offerId',
  'expertId',
  'offeredAt',
  'offerExpiresAt',
  'offerInterpreterId',
  'offerAccepted',
] as const;

/**
 * The offer `offerId` from its request's fields; undefined when it no longer rings (the request is
 * not `offered` with this very offer: a later one has its own id) or is not a whole one.
 */
export function parseOfferRecord(
  offerId: string,
  ticketId: string,
  f: Partial<Record<(typeof OFFER_FIELDS)[number], string | null>>,
): OfferRecord | undefined {
  if (f.state !== 'offered' || f.offerId !== offerId) return undefined;
  const offeredAt = Number(f.offeredAt);
  const expiresAt = Number(f.offerExpiresAt);
  if (!f.expertId || !f.offeredAt || !f.offerExpiresAt) return undefined;
  if (!Number.isFinite(offeredAt) || !Number.isFinite(expiresAt)) return undefined;
  return {
    offerId,
    ticketId,
    expertId: f.expertId,
    offeredAt,
    expiresAt,
    ...(f.offerInterpreterId ? { interpreterId: f.offerInterpreterId } : {}),
    ...(f.offerAccepted ? { acceptedBy: f.offerAccepted } : {}),
  };
}
