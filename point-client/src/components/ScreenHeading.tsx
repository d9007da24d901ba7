import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A screen's title, focused when the screen appears: a screen reader says where the flow went,
 * and the next Tab starts from the top of the new screen rather than from a button now gone.
 */
export function ScreenHeading({ id, children, className }: { id: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
