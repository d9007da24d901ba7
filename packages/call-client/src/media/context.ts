/**
 * What the parts of one media session share (transports, local sources, remote tracks, room
 * pushes): the signaling connection, the reconnector, the device and join options once known, the
 * grant, and the session's events. MediaSession owns it; the parts read it and never change it.
 */
import type { MediaGrant } from '@etapiste/protocol';
import type { Device } from 'mediasoup-client';
import type { MediaReconnector } from './reconnection.js';
import type { JoinOptions, MediaSessionEvents, MediaSignaling } from './types.js';

export interface MediaContext {
  readonly signaling: MediaSignaling;
  readonly reconnector: MediaReconnector;
  /** Loaded by `prepare()`. */
  readonly device: Device | undefined;
  /** The options of the last `join()`; their room is the session's. */
  readonly options: JoinOptions | undefined;
  readonly grant: MediaGrant | undefined;
  emit<E extends keyof MediaSessionEvents>(event: E, ...args: MediaSessionEvents[E]): void;
}
