/**
 * The offer's ring: two short tones through WebAudio (no audio file to load or to fail). Browsers
 * start audio only after a user gesture on the page; the sign-in and the availability button are
 * such gestures, so by the time an offer can arrive the context may run.
 */
let context: AudioContext | undefined;

export function beep(): void {
  const AudioCtx = globalThis.AudioContext;
  if (!AudioCtx) return;
  try {
    context ??= new AudioCtx();
    if (context.state === 'suspended') void context.resume();
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.22);
    }
  } catch {
    // No audio device or audio refused: the visual alert and the live region still tell.
  }
}
