/**
 * Live tracks on the page: a <video> per picture (always silent) and an <audio> per voice, so that
 * sound plays once whatever pictures are shown, enlarged or hidden.
 */
import { type RefObject, useEffect, useRef } from 'react';

/** Plays one track in the element while both live. */
function useTrack<E extends HTMLMediaElement>(track: MediaStreamTrack): RefObject<E | null> {
  const ref = useRef<E>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    return () => {
      element.srcObject = null;
    };
  }, [track]);
  return ref;
}

/** A picture; an empty label hides a decorative one (a thumbnail inside a labelled button). */
export function Video(props: { track: MediaStreamTrack; label: string; className?: string; mirrored?: boolean }) {
  const ref = useTrack<HTMLVideoElement>(props.track);
  return (
    <video
      ref={ref}
      className={props.className}
      data-mirrored={props.mirrored || undefined}
      aria-label={props.label || undefined}
      aria-hidden={props.label ? undefined : true}
      autoPlay
      playsInline
      // Remote sound plays through the audio elements; the videos themselves stay silent.
      muted
    />
  );
}

export function Audio({ track }: { track: MediaStreamTrack }) {
  const ref = useTrack<HTMLAudioElement>(track);
  // A live two-way call has no prepared captions to attach; the advisor is in the room with the customer.
  // biome-ignore lint/a11y/useMediaCaption: live conversation, not prerecorded media.
  return <audio ref={ref} autoPlay />;
}
