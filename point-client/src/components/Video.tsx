import { useEffect, useRef } from 'react';

/** A live track in a <video>; silent, since sound plays through <audio> elements of its own. */
export function Video(props: { track: MediaStreamTrack; label: string; className?: string; mirrored?: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([props.track]);
    return () => {
      element.srcObject = null;
    };
  }, [props.track]);
  return (
    <video
      ref={ref}
      className={props.className}
      data-mirrored={props.mirrored || undefined}
      aria-label={props.label || undefined}
      aria-hidden={props.label ? undefined : true}
      autoPlay
      playsInline
      muted
    />
  );
}

export function Audio({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    return () => {
      element.srcObject = null;
    };
  }, [track]);
  // A live two-way call has no prepared captions; the advisor is in the room with the customer.
  // biome-ignore lint/a11y/useMediaCaption: live conversation, not prerecorded media.
  return <audio ref={ref} autoPlay />;
}
