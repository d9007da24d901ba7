/**
 * @jest-environment jsdom
 */
/**
 * The base media hook both apps extend, over a stand-in media session: sources published each on
 * its own before the join, a device problem in words, errors cleared once the session has
 * recovered, and a clean start for the next room.
 */
import {
  CallClientError,
  type JoinOptions,
  type MediaSessionEvents,
  type RemoteTrack,
  type SignalingClient,
  TypedEmitter,
} from '@etapiste/call-client';
import { FakeSignalingClient } from '@etapiste/call-client/testing';
import type { MediaGrant, MediaSource } from '@etapiste/protocol';
import { describe, expect, it, jest } from '@jest/globals';
import { act, renderHook } from '@testing-library/react';
import { type CallMediaOptions, type CallMediaSession, useCallMedia } from '../src/call/useCallMedia.js';

/** A track as far as the hook uses one. */
function track(kind: 'audio' | 'video') {
  return { kind, stop: jest.fn() } as unknown as MediaStreamTrack & { stop: jest.Mock };
}

class FakeMediaSession extends TypedEmitter<MediaSessionEvents> implements CallMediaSession {
  grant: MediaGrant | undefined;
  remoteTracks: RemoteTrack[] = [];
  readonly local = new Map<MediaSource, MediaStreamTrack>();
  readonly joins: JoinOptions[] = [];
  readonly muted: [MediaSource, boolean][] = [];
  left = false;
  joinFailure: CallClientError | undefined;

  localTrack(source: MediaSource) {
    return this.local.get(source);
  }
  async publish(source: MediaSource, t: MediaStreamTrack) {
    this.local.set(source, t);
  }
  async replaceTrack(source: MediaSource, t: MediaStreamTrack) {
    this.local.set(source, t);
  }
  async unpublish(source: MediaSource) {
    this.local.delete(source);
  }
  async setMuted(source: MediaSource, muted: boolean) {
    this.muted.push([source, muted]);
  }
  async join(options: JoinOptions): Promise<MediaGrant> {
    this.joins.push(options);
    if (this.joinFailure) throw this.joinFailure;
    this.grant = { roomId: options.roomId, participantId: 'point:mikkeli', role: 'point', sources: [] };
    this.fire('state', 'joined');
    return this.grant;
  }
  async leave() {
    this.left = true;
  }
  async connectionInfo() {
    return [];
  }
  fire<E extends keyof MediaSessionEvents>(event: E, ...args: MediaSessionEvents[E]) {
    this.emit(event, ...args);
  }
}

function setUp(options: Partial<CallMediaOptions> = {}) {
  const sessions: FakeMediaSession[] = [];
  const client = new FakeSignalingClient().client;
  const rendered = renderHook(
    ({ roomId }: { roomId: string | undefined }) =>
      useCallMedia(client, {
        roomId,
        publish: ['camera', 'microphone'],
        createSession: (c: SignalingClient) => {
          expect(c).toBe(client);
          const session = new FakeMediaSession();
          sessions.push(session);
          return session;
        },
        ...options,
      }),
    { initialProps: { roomId: 'visit-000001' as string | undefined } },
  );
  return { ...rendered, sessions };
}

describe('useCallMedia', () => {
  it('publishes each source on its own, says why one failed, and joins the room after them', async () => {
    const microphone = track('audio');
    const open = jest.fn(async (source: MediaSource) => {
      if (source === 'camera') throw Object.assign(new Error('no'), { name: 'NotAllowedError' });
      return microphone;
    });
    const onJoining = jest.fn();
    const { result, sessions } = setUp({ open, onJoining });
    await act(async () => {});
    const [session] = sessions;
    expect(open.mock.calls.map(([source]) => source)).toEqual(['camera', 'microphone']);
    expect(result.current.problems).toEqual({ camera: 'denied' });
    expect(result.current.local).toEqual({ microphone });
    expect(onJoining).toHaveBeenCalledTimes(1);
    expect(session?.joins).toEqual([{ roomId: 'visit-000001' }]);
    expect(result.current.state).toBe('joined');
    expect(result.current.participantId).toBe('point:mikkeli');
  });

  it('shows a session error until the session says it has recovered', async () => {
    const { result, sessions } = setUp({ open: async () => track('video') });
    await act(async () => {});
    const [session] = sessions;
    act(() => session?.fire('error', new CallClientError('UNAVAILABLE')));
    expect(result.current.error?.code).toBe('UNAVAILABLE');
    act(() => session?.fire('recovered', 'rejoin'));
    expect(result.current.error).toBeUndefined();
  });

  it('shows a refused join and tells the app', async () => {
    const onJoinFailed = jest.fn();
    const sessions: FakeMediaSession[] = [];
    const client = new FakeSignalingClient().client;
    const { result } = renderHook(() =>
      useCallMedia(client, {
        roomId: 'visit-000001',
        publish: [],
        onJoinFailed,
        createSession: () => {
          const session = new FakeMediaSession();
          session.joinFailure = new CallClientError('FORBIDDEN');
          sessions.push(session);
          return session;
        },
      }),
    );
    await act(async () => {});
    expect(result.current.error?.code).toBe('FORBIDDEN');
    expect(onJoinFailed).toHaveBeenCalledTimes(1);
  });

  it('leaves the room, stops the tracks and starts the next room afresh', async () => {
    const tracks = { camera: track('video'), microphone: track('audio') };
    const onLeft = jest.fn();
    const { result, rerender, sessions } = setUp({ open: async (s) => tracks[s as 'camera' | 'microphone'], onLeft });
    await act(async () => {});
    act(() => result.current.setMicMuted(true));
    expect(result.current.micMuted).toBe(true);
    expect(sessions[0]?.muted).toEqual([['microphone', true]]);

    rerender({ roomId: undefined });
    await act(async () => {});
    expect(sessions[0]?.left).toBe(true);
    expect(tracks.camera.stop).toHaveBeenCalled();
    expect(tracks.microphone.stop).toHaveBeenCalled();
    expect(onLeft).toHaveBeenCalledTimes(1);
    expect(result.current).toMatchObject({ state: 'idle', local: {}, micMuted: false, problems: {} });

    rerender({ roomId: 'visit-000002' });
    await act(async () => {});
    expect(sessions).toHaveLength(2);
    expect(sessions[1]?.joins).toEqual([{ roomId: 'visit-000002' }]);
  });

  it('shares one more source and takes it down again', async () => {
    const { result, sessions } = setUp({ open: async () => track('video') });
    await act(async () => {});
    const paper = track('video');
    await act(() => result.current.share('document-camera', async () => paper));
    expect(result.current.local['document-camera']).toBe(paper);
    expect(sessions[0]?.local.get('document-camera')).toBe(paper);
    await act(() =>
      result.current.share('screen', async () => {
        throw Object.assign(new Error('busy'), { name: 'NotReadableError' });
      }),
    );
    expect(result.current.problems.screen).toBe('busy');
    await act(() => result.current.share('document-camera'));
    expect(result.current.local['document-camera']).toBeUndefined();
    expect(sessions[0]?.local.has('document-camera')).toBe(false);
  });
});
