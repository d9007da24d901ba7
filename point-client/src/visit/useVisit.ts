/**
 * The visit over the signaling connection: the reducer of visit-state.ts driven by the advisor's
 * choices, the server's answers and its pushes. After every (re)connect it finds its place again:
 * the stored request through `request:resume`, or the point's requests through `request:list`
 * (a request made by a transfer has no resume token of this page). What it needs to find its place
 * is written to storage on every change of phase.
 */
import { CallClientError, type ConnectionState, type SignalingClient } from '@etapiste/call-client';
import type { IdentityCheck, Language, TicketView } from '@etapiste/protocol';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { currentTicketId, currentVisitId, type Draft, initialPhase, type Phase, visitReducer } from './visit-state.js';
import { visitStorage } from './visit-storage.js';

export interface Visit {
  phase: Phase;
  /** The open visit: the media room. Opened at the device check, closed back at the start. */
  visitId: string | undefined;
  busy: boolean;
  error: CallClientError | undefined;
  clearError(): void;
  choose(draft: Draft): void;
  back(): void;
  /** Asks for a specialist; `wait` queues even when nobody is online or the agency is closed. */
  request(draft: Draft, whenUnavailable?: 'ask' | 'wait'): Promise<void>;
  /** A booked customer was checked in (`booking:check-in`): the point follows that request like its own. */
  checkedIn(queued: { ticket: TicketView; resumeToken: string }): void;
  cancel(): Promise<void>;
  /** The customer steps away for `minutes`: the request keeps its place, the desk is free for the next customer. */
  stepAway(minutes: number): Promise<void>;
  /** A stepped-away customer is back: their request becomes the desk's again (POINT_BUSY while another visit is open). */
  stepBack(ticketId: string): Promise<void>;
  /** A long wait: stop waiting here and ask in another language the agency serves now (the customer's choice). */
  switchLanguage(language: Language): Promise<void>;
  /** A long wait: stop waiting and come back in opening hours. */
  cancelAndComeBack(): Promise<void>;
  /** The point ends the call (after the advisor confirmed). */
  leave(): Promise<void>;
  /** The session whose specialist's connection is lost now (`session:peer`); undefined otherwise. */
  peerLost: string | undefined;
  /**
   * While the specialist's connection is lost: end the call (it ends as interrupted) and, with
   * `requeue`, queue again at the head of the same queue.
   */
  leaveLost(requeue: boolean): Promise<void>;
  /** After an interrupted call: the same request again, at the head of the same queue. */
  requeue(): Promise<void>;
  /** After an interrupted call: no new request; on to the feedback. */
  finishInterrupted(): void;
  comeBackLater(): void;
  submitFeedback(feedback: { rating?: number; comment?: string }): Promise<void>;
  restart(): void;
}

const ACTIVE: readonly TicketView['state'][] = ['waiting', 'offered', 'in-session'];

function startingPhase(): Phase {
  const feedback = visitStorage.feedback();
  return feedback ? { name: 'feedback', ...feedback } : initialPhase;
}

export function useVisit(client: SignalingClient | undefined, connection: ConnectionState): Visit {
  const [phase, dispatch] = useReducer(visitReducer, undefined, startingPhase);
  const [openVisitId, setOpenVisitId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallClientError>();
  const [peerLost, setPeerLost] = useState<string>();
  const phaseRef = useRef(phase);
  /** How the identity of this visit's customer was checked: kept for a request asked again in another language. */
  const lastIdentityCheck = useRef<IdentityCheck | undefined>(undefined);
  phaseRef.current = phase;

  const fail = useCallback((failure: unknown) => setError(CallClientError.from(failure)), []);

  // Pushes: positions and estimates, the specialist answering, the session ending or moving on.
  useEffect(() => {
    if (!client) return;
    const offs = [
      client.on('ticket:update', (ticket) => dispatch({ type: 'ticket', ticket })),
      client.on('session:started', (session) =>
        dispatch({ type: 'session-started', ticketId: session.ticketId, sessionId: session.sessionId }),
      ),
      client.on('session:peer', (peer) =>
        setPeerLost((lost) => (peer.state === 'lost' ? peer.sessionId : lost === peer.sessionId ? undefined : lost)),
      ),
      client.on('session:ended', (ended) => {
        setPeerLost(undefined);
        dispatch({
          type: 'session-ended',
          sessionId: ended.sessionId,
          ...(ended.transferTicketId ? { transferTicketId: ended.transferTicketId } : {}),
          ...(ended.reason ? { reason: ended.reason } : {}),
        });
        if (ended.transferTicketId) {
          // The new request's first view may have been pushed before this: ask for it.
          client.request('request:list', {}).then((tickets) => {
            const next = tickets.find((t) => t.ticketId === ended.transferTicketId);
            if (next) dispatch({ type: 'ticket', ticket: next });
          }, fail);
        }
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [client, fail]);

  // Find the place again after every (re)connect.
  useEffect(() => {
    if (!client || connection !== 'connected') return;
    let gone = false;
    const resync = async () => {
      const stored = visitStorage.ticket();
      if (stored?.resumeToken) {
        try {
          const view = await client.request('request:resume', {
            ticketId: stored.ticketId,
            resumeToken: stored.resumeToken,
          });
          if (!gone) adopt(view);
          return;
        } catch (failure) {
          if (CallClientError.from(failure).code !== 'NOT_FOUND') throw failure;
        }
      }
      const tickets = await client.request('request:list', {});
      if (gone) return;
      // A stepped-away customer's request is not the desk's (steppedAway lists it on the start screen).
      const active = tickets.filter((t) => ACTIVE.includes(t.state) && !t.steppedAway);
      const mine = active.find((t) => t.ticketId === currentTicketId(phaseRef.current)) ?? active.at(-1);
      if (mine) adopt(mine);
      else if (stored && currentTicketId(phaseRef.current) === stored.ticketId) {
        // Our request is gone while we were away (abandoned after the grace period).
        dispatch({ type: 'ticket', ticket: { ...placeholder(stored), state: 'abandoned' } });
      }
    };
    const adopt = (view: TicketView) => {
      if (currentTicketId(phaseRef.current) === view.ticketId) dispatch({ type: 'ticket', ticket: view });
      else if (phaseRef.current.name !== 'feedback') dispatch({ type: 'queued', ticket: view });
    };
    resync().catch(fail);
    return () => {
      gone = true;
    };
  }, [client, connection, fail]);

  // Remember the place (and the feedback still to ask) on every change of phase.
  useEffect(() => {
    const ticketId = currentTicketId(phase);
    const visitId = currentVisitId(phase);
    if (phase.name === 'feedback') {
      visitStorage.setTicket(undefined);
      visitStorage.setFeedback({
        sessionId: phase.sessionId,
        visitId: phase.visitId,
        language: phase.language,
        agency: phase.agency,
      });
    } else if (ticketId && visitId) {
      const stored = visitStorage.ticket();
      const token = stored?.ticketId === ticketId ? stored.resumeToken : undefined;
      visitStorage.setTicket({ ticketId, visitId, ...(token ? { resumeToken: token } : {}) });
    } else if (phase.name === 'start' || phase.name === 'thanks') {
      visitStorage.clear();
    }
  }, [phase]);

  // The visit (and its media room) opens at the device check and closes back at the start.
  const visitId = currentVisitId(phase) ?? openVisitId;
  const closable = useRef<string | undefined>(undefined);
  /** The visit of a customer who stepped away: it stays open (closing it would cancel their request). */
  const steppedAway = useRef<string | undefined>(undefined);
  if (visitId && visitId !== steppedAway.current) closable.current = visitId;
  useEffect(() => {
    if (!client || connection !== 'connected') return;
    if ((phase.name === 'check' || phase.name === 'unavailable') && !openVisitId) {
      client.request('visit:open', {}).then(({ visitId: id }) => setOpenVisitId(id), fail);
    }
    if (phase.name === 'start' || phase.name === 'thanks') {
      const closing = closable.current;
      closable.current = undefined;
      setOpenVisitId(undefined);
      // NOT_FOUND: closed already (another tab, or the server's own clean-up).
      if (closing) client.request('visit:close', { visitId: closing }).catch(() => undefined);
    }
  }, [client, connection, phase.name, openVisitId, fail]);

  return {
    phase,
    visitId,
    busy,
    error,
    clearError: () => setError(undefined),
    choose(draft) {
      setError(undefined);
      dispatch({ type: 'choose', draft });
    },
    back() {
      setError(undefined);
      dispatch({ type: 'back' });
    },
    checkedIn({ ticket, resumeToken }) {
      setError(undefined);
      visitStorage.setTicket({ ticketId: ticket.ticketId, visitId: ticket.visitId, resumeToken });
      dispatch({ type: 'queued', ticket });
    },
    async request(draft, whenUnavailable = 'ask') {
      if (draft.identityCheck) lastIdentityCheck.current = draft.identityCheck;
      if (!client) return;
      setBusy(true);
      setError(undefined);
      try {
        const result = await client.request('request:create', {
          agency: draft.agency,
          language: draft.language,
          ...(draft.topic ? { topic: draft.topic } : {}),
          ...(draft.note?.trim() ? { note: draft.note.trim() } : {}),
          ...(draft.identityCheck ? { identityCheck: draft.identityCheck } : {}),
          ...(draft.interpreterLanguage ? { interpreterLanguage: draft.interpreterLanguage } : {}),
          whenUnavailable,
        });
        if (result.status === 'queued') {
          visitStorage.setTicket({
            ticketId: result.ticket.ticketId,
            visitId: result.ticket.visitId,
            resumeToken: result.resumeToken,
          });
          dispatch({ type: 'queued', ticket: result.ticket });
        } else {
          dispatch({ type: 'unavailable', draft, reason: result.reason, languagesOnline: result.languagesOnline });
        }
      } catch (failure) {
        fail(failure);
      } finally {
        setBusy(false);
      }
    },
    async cancel() {
      const ticketId = currentTicketId(phaseRef.current);
      if (!client || !ticketId) return;
      setBusy(true);
      try {
        await client.request('request:cancel', { ticketId });
        dispatch({ type: 'cancelled' });
      } catch (failure) {
        // Already answered or gone: the pushes move the view; anything else is shown.
        if (CallClientError.from(failure).code !== 'REQUEST_CLOSED') fail(failure);
      } finally {
        setBusy(false);
      }
    },
    async stepAway(minutes) {
      const current = phaseRef.current;
      if (!client || current.name !== 'waiting') return;
      setBusy(true);
      setError(undefined);
      try {
        await client.request('request:step-away', { ticketId: current.ticketId, minutes });
        steppedAway.current = current.visitId;
        closable.current = undefined;
        setOpenVisitId(undefined);
        visitStorage.setTicket(undefined);
        dispatch({ type: 'stepped-away' });
      } catch (failure) {
        fail(failure);
      } finally {
        setBusy(false);
      }
    },
    async stepBack(ticketId) {
      if (!client) return;
      setBusy(true);
      setError(undefined);
      try {
        const view = await client.request('request:step-back', { ticketId });
        if (steppedAway.current === view.visitId) steppedAway.current = undefined;
        visitStorage.setTicket({ ticketId: view.ticketId, visitId: view.visitId });
        dispatch({ type: 'queued', ticket: view });
      } catch (failure) {
        fail(failure);
      } finally {
        setBusy(false);
      }
    },
    async switchLanguage(language) {
      const current = phaseRef.current;
      const ticket = current.name === 'waiting' ? current.ticket : undefined;
      if (!client || !ticket) return;
      setBusy(true);
      setError(undefined);
      try {
        await client.request('request:cancel', { ticketId: ticket.ticketId });
      } catch (failure) {
        // Answered meanwhile: the pushes move the view to the call.
        setBusy(false);
        if (CallClientError.from(failure).code !== 'REQUEST_CLOSED') fail(failure);
        return;
      }
      setBusy(false);
      // The same customer, so the same identity check (an agency may refuse a request without one).
      const identityCheck = lastIdentityCheck.current;
      await this.request({
        agency: ticket.agency,
        language,
        ...(ticket.topic ? { topic: ticket.topic } : {}),
        ...(identityCheck ? { identityCheck } : {}),
      });
    },
    async cancelAndComeBack() {
      const ticketId = currentTicketId(phaseRef.current);
      if (!client || !ticketId) return;
      setBusy(true);
      try {
        await client.request('request:cancel', { ticketId });
        dispatch({ type: 'come-back-later' });
      } catch (failure) {
        if (CallClientError.from(failure).code !== 'REQUEST_CLOSED') fail(failure);
      } finally {
        setBusy(false);
      }
    },
    async leave() {
      const current = phaseRef.current;
      if (!client || current.name !== 'call') return;
      setBusy(true);
      setError(undefined);
      try {
        const ended = await client.request('session:leave', { sessionId: current.sessionId });
        dispatch({ type: 'session-ended', sessionId: ended.sessionId, reason: ended.reason ?? 'left' });
      } catch (failure) {
        // Ended already (by the specialist, at the same moment): the push moves the view.
        if (CallClientError.from(failure).code !== 'NOT_IN_SESSION') fail(failure);
      } finally {
        setBusy(false);
      }
    },
    peerLost: phase.name === 'call' && peerLost === phase.sessionId ? peerLost : undefined,
    async leaveLost(requeue) {
      const current = phaseRef.current;
      if (!client || current.name !== 'call') return;
      setBusy(true);
      setError(undefined);
      try {
        const ended = await client.request('session:leave', { sessionId: current.sessionId });
        setPeerLost(undefined);
        const reason = ended.reason ?? 'left';
        dispatch({ type: 'session-ended', sessionId: ended.sessionId, reason });
        if (requeue && reason === 'interrupted') {
          const result = await client.request('request:requeue', { sessionId: ended.sessionId });
          if (result.status === 'queued') {
            visitStorage.setTicket({
              ticketId: result.ticket.ticketId,
              visitId: result.ticket.visitId,
              resumeToken: result.resumeToken,
            });
            dispatch({ type: 'queued', ticket: result.ticket });
          }
        }
      } catch (failure) {
        if (CallClientError.from(failure).code !== 'NOT_IN_SESSION') fail(failure);
      } finally {
        setBusy(false);
      }
    },
    async requeue() {
      const current = phaseRef.current;
      if (!client || current.name !== 'interrupted') return;
      setBusy(true);
      setError(undefined);
      try {
        const result = await client.request('request:requeue', { sessionId: current.sessionId });
        if (result.status === 'queued') {
          visitStorage.setTicket({
            ticketId: result.ticket.ticketId,
            visitId: result.ticket.visitId,
            resumeToken: result.resumeToken,
          });
          dispatch({ type: 'queued', ticket: result.ticket });
        }
      } catch (failure) {
        fail(failure);
      } finally {
        setBusy(false);
      }
    },
    finishInterrupted() {
      setError(undefined);
      dispatch({ type: 'interruption-done' });
    },
    comeBackLater() {
      setError(undefined);
      dispatch({ type: 'come-back-later' });
    },
    async submitFeedback({ rating, comment }) {
      const current = phaseRef.current;
      if (!client || current.name !== 'feedback') return;
      setBusy(true);
      setError(undefined);
      try {
        await client.request('feedback:submit', {
          sessionId: current.sessionId,
          ...(rating ? { rating } : {}),
          ...(comment?.trim() ? { comment: comment.trim() } : {}),
        });
        dispatch({ type: 'feedback-done' });
      } catch (failure) {
        const code = CallClientError.from(failure).code;
        // Given already (another tab, or a retry after a lost answer): it is done either way.
        if (code === 'FEEDBACK_ALREADY_GIVEN' || code === 'FEEDBACK_NOT_OPEN') dispatch({ type: 'feedback-done' });
        else fail(failure);
      } finally {
        setBusy(false);
      }
    },
    restart() {
      setError(undefined);
      dispatch({ type: 'restart' });
    },
  };
}

function placeholder(stored: { ticketId: string; visitId: string }): TicketView {
  return {
    ticketId: stored.ticketId,
    visitId: stored.visitId,
    agency: 'unknown',
    language: 'fi',
    state: 'abandoned',
    enqueuedAt: new Date().toISOString(),
  };
}
