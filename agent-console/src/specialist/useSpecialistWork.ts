/**
 * Connects the work state machine to signaling: the server's pushes move it, and after every
 * (re)connect the console asks for its state and work in progress, so a reload or a dropped
 * network resumes the offer, session or wrap-up where it was.
 */
import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { CurrentWork } from '@etapiste/protocol';
import { useEffect, useReducer, useRef, useState } from 'react';
import { initialWork, type WorkAction, type WorkState, workReducer } from './work-state.js';

export function useSpecialistWork(
  client: SignalingClient | undefined,
  connection: ConnectionState,
  /** An interpreter has no wrap-up: their part in a session is over when it ends. */
  interpreter = false,
  /**
   * Every answer of `work:current`, for what is not the work's state machine: an invite ringing at
   * the specialist, or the call they are in as an invited guest (issue 14).
   */
  onCurrent?: (current: CurrentWork) => void,
): { work: WorkState; dispatch: (action: WorkAction) => void; error: unknown; setError: (e: unknown) => void } {
  const [work, dispatch] = useReducer(workReducer, initialWork);
  const [error, setError] = useState<unknown>();
  const current = useRef(onCurrent);
  current.current = onCurrent;

  useEffect(() => {
    if (!client) return;
    const offs = [
      client.on('presence:changed', (presence) => {
        dispatch({ type: 'presence', presence, at: Date.now() });
        // A session or wrap-up begun elsewhere (another tab, or a command whose answer was lost
        // in a drop) comes with no event of its own here: ask for the work in progress.
        if (presence.state === 'in-session' || presence.state === 'wrap-up') {
          client.request('work:current', {}).then(
            (now) => {
              dispatch({ type: 'resumed', work: now });
              current.current?.(now);
            },
            () => {},
          );
        }
      }),
      // Ringing and in a session come with no `presence:changed`: these events say the state.
      client.on('offer:incoming', (offer) => {
        dispatch({ type: 'offer', offer });
        dispatch({
          type: 'presence',
          presence: { state: 'offered', since: offer.offeredAt ?? new Date().toISOString() },
        });
      }),
      client.on('offer:withdrawn', ({ offerId, reason }) => dispatch({ type: 'offer-withdrawn', offerId, reason })),
      client.on('offer:partner-accepted', ({ offerId }) => dispatch({ type: 'offer-partner-accepted', offerId })),
      client.on('session:started', (session) => {
        dispatch({ type: 'session-started', session });
        dispatch({ type: 'presence', presence: { state: 'in-session', since: session.answeredAt } });
      }),
      // Ended from the other side: the point left (wrap-up follows), or the session was cut by the
      // session limit or this specialist's own lost connection (its transaction is already recorded).
      client.on('session:ended', (ended) => {
        if (interpreter || ended.reason === 'time-limit' || ended.reason === 'interrupted') {
          dispatch({ type: 'wrapped-up', sessionId: ended.sessionId });
        } else {
          dispatch({
            type: 'session-ended',
            sessionId: ended.sessionId,
            wrapUpDeadline: ended.wrapUpDeadline,
            transferred: ended.reason === 'transferred',
            customerLeft: ended.reason === 'left',
          });
        }
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [client, interpreter]);

  useEffect(() => {
    if (connection !== 'connected' || !client) return;
    let cancelled = false;
    Promise.all([client.request('presence:get', {}), client.request('work:current', {})]).then(
      ([presence, now]) => {
        if (cancelled) return;
        dispatch({ type: 'presence', presence });
        dispatch({ type: 'resumed', work: now });
        current.current?.(now);
      },
      (failure: unknown) => !cancelled && setError(failure),
    );
    return () => {
      cancelled = true;
    };
  }, [connection, client]);

  return { work, dispatch, error, setError };
}
