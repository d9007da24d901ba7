/**
 * Who is signed in personally at this point (advisor.ts in the protocol): read when connected,
 * followed through `advisor:changed` (another tab, a sign-out), and kept alive while the advisor
 * works. Any key press or touch counts as activity; it is told to the server at most once a
 * minute, which renews the idle timeout there. When the timeout passes with no activity the
 * sign-in lapses on the server by itself, and this screen follows at the same moment.
 */
import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { AdvisorState } from '@etapiste/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';

/** Activity is reported no more often than this. */
const TOUCH_EVERY_MS = 60_000;

export interface AdvisorControl {
  state: AdvisorState | undefined;
  /** A sign-in answered by the server (the sign-in screen calls it). */
  signedIn(state: AdvisorState): void;
  signOut(): Promise<void>;
}

export function useAdvisor(client: SignalingClient | undefined, connection: ConnectionState): AdvisorControl {
  const [state, setState] = useState<AdvisorState>();
  const lastTouch = useRef(0);

  useEffect(() => {
    if (!client || connection !== 'connected') return;
    let live = true;
    client.request('advisor:get', {}).then(
      (next) => live && setState(next),
      () => undefined,
    );
    const off = client.on('advisor:changed', (next) => setState(next));
    return () => {
      live = false;
      off();
    };
  }, [client, connection]);

  // Activity renews the sign-in on the server (throttled).
  const signedIn = state?.advisor !== undefined;
  useEffect(() => {
    if (!client || !signedIn) return;
    const onActivity = () => {
      const now = Date.now();
      if (now - lastTouch.current < TOUCH_EVERY_MS) return;
      lastTouch.current = now;
      client.request('advisor:touch', {}).then(setState, () => undefined);
    };
    window.addEventListener('pointerdown', onActivity, { passive: true });
    window.addEventListener('keydown', onActivity);
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, [client, signedIn]);

  // The sign-in lapses when its time is up: ask the server then (a touch elsewhere may have renewed it).
  const expiresAt = state?.expiresAt;
  useEffect(() => {
    if (!client || !expiresAt) return;
    const timer = setTimeout(
      () => client.request('advisor:get', {}).then(setState, () => undefined),
      Math.max(0, Date.parse(expiresAt) - Date.now()) + 500,
    );
    return () => clearTimeout(timer);
  }, [client, expiresAt]);

  const signOut = useCallback(async () => {
    if (!client) return;
    setState(await client.request('advisor:sign-out', {}));
  }, [client]);

  return { state, signedIn: setState, signOut };
}
