/** The charts' series from the sampled history: the chosen agencies' queues added together. */
import type { SupervisionHistory } from '@etapiste/protocol';

export interface WaitPoint {
  at: number;
  waiting: number;
  /** Longest wait in the bucket, minutes (one decimal). */
  longestMinutes: number;
}
export interface HourPoint {
  /** Epoch ms when the hour began. */
  at: number;
  answered: number;
  serviceLevelPct: number | undefined;
}

export function waitSeries(history: SupervisionHistory | undefined, agency: string | undefined): WaitPoint[] {
  const byTime = new Map<number, WaitPoint>();
  for (const q of history?.queues ?? []) {
    if (agency && q.agency !== agency) continue;
    for (const b of q.buckets) {
      const at = Date.parse(b.at);
      const point = byTime.get(at) ?? { at, waiting: 0, longestMinutes: 0 };
      point.waiting += b.waiting;
      point.longestMinutes = Math.max(point.longestMinutes, Math.round(b.longestWaitSeconds / 6) / 10);
      byTime.set(at, point);
    }
  }
  return [...byTime.values()].sort((a, b) => a.at - b.at);
}

export function hourSeries(history: SupervisionHistory | undefined, agency: string | undefined): HourPoint[] {
  const byHour = new Map<number, { answered: number; inTarget: number }>();
  for (const q of history?.queues ?? []) {
    if (agency && q.agency !== agency) continue;
    for (const h of q.hourly) {
      const at = Date.parse(h.at);
      const entry = byHour.get(at) ?? { answered: 0, inTarget: 0 };
      entry.answered += h.answered;
      entry.inTarget += ((h.serviceLevelPct ?? 0) * h.answered) / 100;
      byHour.set(at, entry);
    }
  }
  return [...byHour.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, e]) => ({
      at,
      answered: e.answered,
      serviceLevelPct: e.answered > 0 ? Math.round((e.inTarget / e.answered) * 1000) / 10 : undefined,
    }));
}
