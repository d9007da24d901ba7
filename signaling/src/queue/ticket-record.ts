/**
 * A ticket's Redis hash (written by the enqueue, offer and accept scripts) as the views of it:
 * the one its point sees, without position and estimate (those depend on the queue, not the
 * ticket), which the ticket view and the position pushes both start from, so they cannot
 * disagree; the offer its specialist sees while it rings; and the notes beside a session.
 */
import {
  IdentityCheck,
  type Language,
  type Offer,
  type TicketView,
  type TransferContext,
  type WorkDetails,
} from '@etapiste/protocol';
import type { OfferRecord } from '../sessions/offer-record.js';

export type TicketFacts = Omit<TicketView, 'position' | 'etaSeconds'>;

export function ticketFacts(ticketId: string, f: Record<string, string>): TicketFacts | undefined {
  if (!f.state || !f.agency || !f.language || !f.visitId || !f.enqueuedAt) return undefined;
  return {
    ticketId,
    visitId: f.visitId,
    agency: f.agency,
    language: f.language as Language,
    state: f.state as TicketView['state'],
    enqueuedAt: new Date(Number(f.enqueuedAt)).toISOString(),
    ...(f.topic ? { topic: f.topic } : {}),
    ...(f.transferredFrom ? { transferredFrom: f.transferredFrom } : {}),
    ...(f.sessionId ? { sessionId: f.sessionId } : {}),
    ...(f.bookingId ? { bookingId: f.bookingId } : {}),
    ...(f.interpreter ? { interpreterLanguage: f.interpreter } : {}),
    ...(f.awayUntil && f.state === 'waiting'
      ? { steppedAway: { backBy: new Date(Number(f.awayUntil)).toISOString(), passedOver: Boolean(f.passedOverAt) } }
      : {}),
  };
}

/**
 * For an offer with an interpreter: the part of the one it rings at and the other side, as the
 * offer's script reported them (or as read back from the offer's fields in its request's hash).
 */
export interface OfferPartner {
  as: 'expert' | 'interpreter';
  partnerName: string;
  partnerAccepted: boolean;
}

/** The ticket as the specialist its offer rings for sees it (`offer:incoming`, `work:current`). */
export function offerView(offer: OfferRecord, f: Record<string, string>, partner?: OfferPartner): Offer | undefined {
  if (!f.agency || !f.visitId || !f.pointId) return undefined;
  return {
    offerId: offer.offerId,
    ticketId: offer.ticketId,
    visitId: f.visitId,
    pointId: f.pointId,
    agency: f.agency,
    language: f.language as Language,
    enqueuedAt: new Date(Number(f.enqueuedAt)).toISOString(),
    expiresAt: new Date(offer.expiresAt).toISOString(),
    ...(offer.offeredAt > 0 ? { offeredAt: new Date(offer.offeredAt).toISOString() } : {}),
    ...(f.topic ? { topic: f.topic } : {}),
    ...(f.note ? { note: f.note } : {}),
    ...(f.transferredFrom ? { transferredFrom: f.transferredFrom } : {}),
    ...(f.transferNote ? { transferNote: f.transferNote } : {}),
    ...transferContext(f),
    ...(f.visitQueuedAt ? { visitQueuedAt: new Date(Number(f.visitQueuedAt)).toISOString() } : {}),
    ...pointContext(f),
    ...(f.bookingId ? { bookingId: f.bookingId } : {}),
    ...(f.interpreter && partner ? { interpreter: { language: f.interpreter, ...partner } } : {}),
  };
}

/** What the point recorded about the customer: how their identity was checked, and who the advisor is. */
function pointContext(f: Record<string, string>): { identityCheck?: IdentityCheck; advisorName?: string } {
  const identityCheck = IdentityCheck.safeParse(f.identityCheck);
  return {
    ...(identityCheck.success ? { identityCheck: identityCheck.data } : {}),
    ...(f.advisorName ? { advisorName: f.advisorName } : {}),
  };
}

/** Where a transferred request came from and who sent it (fields written by the transfer). */
function transferContext(f: Record<string, string>): { transfer?: TransferContext } {
  if (!f.fromAgency || !f.fromLanguage || !f.transferredByName) return {};
  return {
    transfer: {
      fromAgency: f.fromAgency,
      fromLanguage: f.fromLanguage as Language,
      ...(f.fromTopic ? { fromTopic: f.fromTopic } : {}),
      byName: f.transferredByName,
    },
  };
}

/** The request's notes a session view shows (the offer that carried them is gone). */
export function workDetails(f: Record<string, string>): WorkDetails | undefined {
  const details: WorkDetails = {
    ...(f.topic ? { topic: f.topic } : {}),
    ...(f.note ? { note: f.note } : {}),
    ...(f.transferNote ? { transferNote: f.transferNote } : {}),
    ...transferContext(f),
    ...pointContext(f),
  };
  return Object.keys(details).length > 0 ? details : undefined;
}
