import type { ReactNode } from 'react';

/**
 * A wide table's scroll box. When the table is wider than the screen (1280 px wallboards), the box
 * scrolls; it is focusable and named by the table's caption so a keyboard user can scroll it too.
 */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard.
    <section className="table-scroll" tabIndex={0} aria-labelledby={labelledBy}>
      {children}
    </section>
  );
}
