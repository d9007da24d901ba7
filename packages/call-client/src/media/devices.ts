/**
 * Cameras and microphones: listing, choosing and opening them. A point has two cameras, the one
 * facing the customer and a document camera; which is which is the advisor's choice, remembered
 * by the app and passed in here as device ids.
 */
import type { MediaSource } from '@etapiste/protocol';

export interface MediaDevices {
  microphones: MediaDeviceInfo[];
  cameras: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export async function listDevices(media: globalThis.MediaDevices = navigator.mediaDevices): Promise<MediaDevices> {
  const all = await media.enumerateDevices();
  return {
    microphones: all.filter((d) => d.kind === 'audioinput'),
    cameras: all.filter((d) => d.kind === 'videoinput'),
    speakers: all.filter((d) => d.kind === 'audiooutput'),
  };
}

/** Constraints per source: cameras at 720p (the top simulcast layer), the document camera sharper. */
export function constraintsFor(source: MediaSource, deviceId?: string): MediaStreamConstraints {
  const device = deviceId ? { deviceId: { exact: deviceId } } : {};
  switch (source) {
    case 'microphone':
      return { audio: { ...device, echoCancellation: true, noiseSuppression: true, autoGainControl: true } };
    case 'camera':
      return { video: { ...device, width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } } };
    case 'document-camera':
      return { video: { ...device, width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 15 } } };
    case 'screen':
      return { video: true };
  }
}

/** Opens one source's track; the screen goes through the browser's picker. */
export async function openTrack(
  source: MediaSource,
  deviceId?: string,
  media: globalThis.MediaDevices = navigator.mediaDevices,
): Promise<MediaStreamTrack> {
  const stream =
    source === 'screen'
      ? await media.getDisplayMedia({ video: true, audio: false })
      : await media.getUserMedia(constraintsFor(source, deviceId));
  const [track] = source === 'microphone' ? stream.getAudioTracks() : stream.getVideoTracks();
  if (!track) throw new Error(`no ${source} track`);
  return track;
}
