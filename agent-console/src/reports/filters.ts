/** The reports screen's filters: the period, and optionally one service point. */
import type { Directory } from '@etapiste/protocol';
import type { Names } from '../shared/names.js';

export interface ReportFilters {
  from: string;
  to: string;
  /** Empty for every point the user may see. */
  pointId: string;
}

/** The directory's points by name in the UI language, for the point filter. */
export function pointChoices(directory: Directory | undefined, names: Names, locale: string) {
  return (directory?.points ?? [])
    .map((p) => ({ id: p.id, name: names.point(p.id) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** The query string of every report (the API refuses an empty `pointId`, so it is left out). */
export function reportQuery({ from, to, pointId }: ReportFilters): Record<string, string> {
  return pointId ? { from, to, pointId } : { from, to };
}
