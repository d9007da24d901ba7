/**
 * What each call level (network-level.ts) sends and receives of a video source: nothing (held:
 * the producer or consumer paused on the SFU), or at most a spatial layer and a frame rate. Audio
 * is never touched: it is what continues.
 */
import type { CallLevel, MediaSource } from '@etapiste/protocol';

export interface VideoPlan {
  /** Not sent (or not received) at all. */
  held: boolean;
  /** The highest simulcast layer (0 = the lowest, a quarter of the capture width). */
  maxSpatialLayer: number;
  /** Frames per second at most; undefined: as captured. */
  maxFramerate: number | undefined;
}

/** The document camera and a shared screen carry what is being handled: they go last, at a low frame rate. */
const DOCUMENT_SOURCES: ReadonlySet<MediaSource> = new Set(['document-camera', 'screen']);

/** A page of a document is still readable at a few frames a second. */
export const DOCUMENT_FRAMERATE = 5;

export function videoPlan(level: CallLevel, source: MediaSource): VideoPlan {
  const documents = DOCUMENT_SOURCES.has(source);
  switch (level) {
    case 'full':
      return { held: false, maxSpatialLayer: 2, maxFramerate: undefined };
    case 'low-video':
      return { held: false, maxSpatialLayer: 0, maxFramerate: undefined };
    case 'documents':
      return documents
        ? { held: false, maxSpatialLayer: 0, maxFramerate: DOCUMENT_FRAMERATE }
        : { held: true, maxSpatialLayer: 0, maxFramerate: undefined };
    case 'audio':
      return { held: true, maxSpatialLayer: 0, maxFramerate: undefined };
  }
}
