/**
 * The specialist's work as one state machine, fed by the server's pushes and by the answers to the
 * console's own commands: idle → offer ringing → session → wrap-up → idle. Kept apart from React so
 * the transitions are tested on their own, and so a resume after a reload (`work:current`) lands in
 * the same states as the live path.
 */
import type { CurrentWork, Offer, ServerPayload, Session, WorkDetails } from '@etapiste/protocol';

export type Presence = ServerPayload<'presence:changed'>;

export interface WorkState {
  presence: Presence | undefined;
  offer: Offer | undefined;
  /** Why the last offer went away without an answer, for one announcement. */
  offerGone: ServerPayload<'offer:withdrawn'>['reason'] | undefined;
  session: Session | undefined;
  details: WorkDetails | undefined;
  /** Set once the session has ended: the outcome must be recorded by then. */
  wrapUpDeadline: string | undefined;
  /** Set when the session ended by a transfer (the visit continues in another queue). */
  transferred: boolean;
  /** Set when the point ended the call (the advisor pressed "end"): said in the wrap-up. */
  customerLeft?: boolean;
  /** Set when the wrap-up time ran out before an outcome was saved (the server recorded none). */
  wrapUpExpired: boolean;
  /**
   * An offer with an interpreter that this side has accepted: the call starts when the other side
   * accepts too (`session:started`); until then the offer shows who is awaited.
   */
  acceptedOffer?: string | undefined;
}

export type WorkPhase = 'idle' | 'offer' | 'session' | 'wrap-up';

export type WorkAction =
  /** `at`: when the push arrived (epoch ms), to tell a wrap-up that ran out from one just saved. */
  | { type: 'presence'; presence: Presence; at?: number }
  | { type: 'offer'; offer: Offer }
  | { type: 'offer-withdrawn'; offerId: string; reason: NonNullable<WorkState['offerGone']> }
  | { type: 'offer-declined'; offerId: string }
  /** This side accepted an offer with an interpreter; the other side has not yet. */
  | { type: 'offer-accepted-waiting'; offerId: string }
  /** The other side of an offer with an interpreter accepted it. */
  | { type: 'offer-partner-accepted'; offerId: string }
  | { type: 'session-started'; session: Session }
  | { type: 'session-ended'; sessionId: string; wrapUpDeadline: string; transferred: boolean; customerLeft?: boolean }
  | { type: 'wrapped-up'; sessionId: string }
  | { type: 'resumed'; work: CurrentWork };

export const initialWork: WorkState = {
  presence: undefined,
  offer: undefined,
  offerGone: undefined,
  session: undefined,
  details: undefined,
  wrapUpDeadline: undefined,
  transferred: false,
  wrapUpExpired: false,
};

export function workPhase(state: WorkState): WorkPhase {
  if (state.session && state.wrapUpDeadline) return 'wrap-up';
  if (state.session) return 'session';
  if (state.offer) return 'offer';
  return 'idle';
}

function detailsOf(offer: Offer): WorkDetails | undefined {
  const details: WorkDetails = {
    ...(offer.topic ? { topic: offer.topic } : {}),
    ...(offer.note ? { note: offer.note } : {}),
    ...(offer.transferNote ? { transferNote: offer.transferNote } : {}),
    ...(offer.transfer ? { transfer: offer.transfer } : {}),
    ...(offer.identityCheck ? { identityCheck: offer.identityCheck } : {}),
    ...(offer.advisorName ? { advisorName: offer.advisorName } : {}),
  };
  return Object.keys(details).length > 0 ? details : undefined;
}

export function workReducer(state: WorkState, action: WorkAction): WorkState {
  switch (action.type) {
    case 'presence': {
      const next = { ...state, presence: action.presence };
      // The server is the authority: a state without an offer or session clears a stale one
      // (e.g. the offer timed out while this tab was asleep).
      if (action.presence.state !== 'offered' && state.offer && !state.session) next.offer = undefined;
      if ((action.presence.state === 'available' || action.presence.state === 'away') && state.wrapUpDeadline) {
        const expired = action.at !== undefined && action.at >= Date.parse(state.wrapUpDeadline);
        return { ...next, session: undefined, details: undefined, wrapUpDeadline: undefined, wrapUpExpired: expired };
      }
      return next;
    }
    case 'offer':
      // An offer never replaces a session or wrap-up in progress.
      if (state.session) return state;
      return { ...state, offer: action.offer, offerGone: undefined, wrapUpExpired: false };
    case 'offer-withdrawn':
      if (state.offer?.offerId !== action.offerId) return state;
      return { ...state, offer: undefined, offerGone: action.reason, acceptedOffer: undefined };
    case 'offer-accepted-waiting':
      if (state.offer?.offerId !== action.offerId) return state;
      return { ...state, acceptedOffer: action.offerId };
    case 'offer-partner-accepted': {
      const { offer } = state;
      if (offer?.offerId !== action.offerId || !offer.interpreter) return state;
      return { ...state, offer: { ...offer, interpreter: { ...offer.interpreter, partnerAccepted: true } } };
    }
    case 'offer-declined':
      if (state.offer?.offerId !== action.offerId) return state;
      return { ...state, offer: undefined, offerGone: undefined };
    case 'session-started': {
      if (state.session?.sessionId === action.session.sessionId) return state;
      const details = state.offer?.ticketId === action.session.ticketId ? detailsOf(state.offer) : undefined;
      return {
        ...state,
        offer: undefined,
        offerGone: undefined,
        acceptedOffer: undefined,
        session: action.session,
        details,
        wrapUpDeadline: undefined,
        transferred: false,
        wrapUpExpired: false,
      };
    }
    case 'session-ended':
      if (state.session?.sessionId !== action.sessionId) return state;
      return {
        ...state,
        wrapUpDeadline: action.wrapUpDeadline,
        transferred: action.transferred,
        customerLeft: action.customerLeft ?? false,
      };
    case 'wrapped-up':
      if (state.session?.sessionId !== action.sessionId) return state;
      return { ...state, session: undefined, details: undefined, wrapUpDeadline: undefined, transferred: false };
    case 'resumed': {
      const { offer, session, details, wrapUpDeadline } = action.work;
      return {
        ...state,
        offer: session ? undefined : offer,
        session,
        details,
        wrapUpDeadline,
        transferred: state.session?.sessionId === session?.sessionId ? state.transferred : false,
      };
    }
  }
}
