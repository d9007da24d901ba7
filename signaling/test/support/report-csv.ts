/** The reports' CSV compared with their JSON rows (see signaling/src/reports/csv.ts). */
import { asCsvRecord } from './ledger-visit.js';

const helsinki = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A JSON row as the English CSV writes it (commas, decimal points), times in Helsinki local time. */
export function asEnglishCsv(row: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asCsvRecord(row)).map(([k, v]) => [
      k,
      /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v) ? helsinki.format(new Date(v)) : v,
    ]),
  );
}

/** The CSV's records without the names columns it adds beside the ids (an `expertName` the JSON rows carry stays). */
export function withoutNames(records: Record<string, string>[], keepExpertName = true): Record<string, string>[] {
  const added = ['pointName', 'agencyName', 'languageName', ...(keepExpertName ? [] : ['expertName'])];
  return records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !added.includes(k))));
}
