/**
 * A short sound when someone joins or leaves a call: two soft tones through WebAudio (no file to
 * load or to fail), rising for a join and falling for a leave, so that nobody enters a call
 * unheard. Browsers play audio only after a gesture on the page; every page in a call has had one.
 */
let context: AudioContext | undefined;

export function chime(kind: 'joined' | 'left'): void {
  const AudioCtx = globalThis.AudioContext;
  if (!AudioCtx) return;
  try {
    context ??= new AudioCtx();
    if (context.state === 'suspended') void context.resume();
    const start = context.currentTime;
    const tones = kind === 'joined' ? [523, 784] : [784, 523];
    tones.forEach((frequency, index) => {
      const at = start + index * 0.18;
      const oscillator = (context as AudioContext).createOscillator();
      const gain = (context as AudioContext).createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
      oscillator.connect(gain).connect((context as AudioContext).destination);
      oscillator.start(at);
      oscillator.stop(at + 0.18);
    });
  } catch {
    // No sound device: the change is still shown and said.
  }
}
