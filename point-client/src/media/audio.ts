/**
 * The device check's sound: a microphone level from the live track (WebAudio analyser, no
 * recording) and a short test melody for the speakers. No audio files to load or to fail.
 */
import { useEffect, useState } from 'react';

let context: AudioContext | undefined;

function audioContext(): AudioContext | undefined {
  const AudioCtx = globalThis.AudioContext;
  if (!AudioCtx) return undefined;
  context ??= new AudioCtx();
  if (context.state === 'suspended') void context.resume();
  return context;
}

/** The microphone's loudness now, 0–100, sampled ten times a second. */
export function useAudioLevel(track: MediaStreamTrack | undefined): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track) return;
    const ctx = audioContext();
    if (!ctx) return;
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      // Speech sits around 0.02–0.2 RMS; a square root spreads that over the meter.
      setLevel(Math.min(100, Math.round(Math.sqrt(rms / 0.25) * 100)));
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
    };
  }, [track]);
  return track ? level : 0;
}

/** Three rising tones, about a second and a half: loud enough to hear, soft enough not to startle. */
export function playTestSound(): boolean {
  try {
    const ctx = audioContext();
    if (!ctx) return false;
    const start = ctx.currentTime + 0.05;
    [523.25, 659.25, 783.99].forEach((frequency, i) => {
      const at = start + i * 0.45;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.3, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.4);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.42);
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Two short tones, repeated once: the point's alert that a stepped-away customer's turn is near
 * (step-away/). Distinct from the test melody, short enough not to disturb a call in progress.
 */
export function playAlertChime(): boolean {
  try {
    const ctx = audioContext();
    if (!ctx) return false;
    const start = ctx.currentTime + 0.05;
    [880, 659.25, 880, 659.25].forEach((frequency, i) => {
      const at = start + i * 0.3;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = 'triangle';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.26);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.28);
    });
    return true;
  } catch {
    return false;
  }
}
