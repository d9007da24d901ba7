/**
 * The rating faces, drawn rather than emoji (a kiosk's fonts may lack them): the mouth bends from
 * a frown (1) to a wide smile (5). Decorative; the radio's label says the words.
 */
const MOUTHS: Record<number, string> = {
  1: 'M16 34 Q24 26 32 34',
  2: 'M16 32 Q24 28 32 32',
  3: 'M16 31 L32 31',
  4: 'M16 29 Q24 34 32 29',
  5: 'M14 27 Q24 38 34 27',
};

export function Face({ rating }: { rating: number }) {
  return (
    <svg viewBox="0 0 48 48" width="56" height="56" aria-hidden="true" focusable="false" className="face">
      <circle cx="24" cy="24" r="21" fill="currentColor" fillOpacity="0.08" stroke="currentColor" strokeWidth="2.5" />
      <circle cx="17" cy="19" r="2.5" fill="currentColor" />
      <circle cx="31" cy="19" r="2.5" fill="currentColor" />
      <path d={MOUTHS[rating]} fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}
