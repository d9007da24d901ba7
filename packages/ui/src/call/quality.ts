/**
 * Connection quality in three words, from the SFU's figures of one participant; the words are the
 * shared texts `common:quality.<level>`, `unknown` until the first figures arrive.
 */
import type { ParticipantQuality } from '@etapiste/protocol';

export type QualityLevel = 'good' | 'fair' | 'poor';

/** Loss and round trip decide; mediasoup's score (0–10) overrides when it is clearly low. */
export function qualityLevel(q: ParticipantQuality | undefined): QualityLevel | 'unknown' {
  if (!q) return 'unknown';
  const rtt = q.rttMs ?? 0;
  if (q.lossPct >= 8 || rtt >= 400 || (q.score !== undefined && q.score < 5)) return 'poor';
  if (q.lossPct >= 2 || rtt >= 150 || (q.score !== undefined && q.score < 8)) return 'fair';
  return 'good';
}
