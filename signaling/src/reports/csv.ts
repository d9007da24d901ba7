/**
 * CSV export of a report's rows: the row schema's columns in its order, with a names column beside
 * each id (point, municipality, agency, specialist, language) in the asked language, so a person can read the
 * file and a program can still join on the ids.
 *
 * Written for the spreadsheet that opens it: for fi and sv a semicolon between cells and a decimal
 * comma (Finnish and Swedish Excel split a double-clicked file on `;` and read `66,7` as a number),
 * for en a comma and a decimal point; either can be asked for explicitly (`delimiter`). Times are
 * local to the service's time zone (Europe/Helsinki), `YYYY-MM-DD HH:MM:SS`, which Excel reads as a
 * date in every locale. csv-stringify does the quoting; `escape_formulas` defuses cells a
 * spreadsheet would run as a formula (a customer's comment starting with `=`); the byte-order mark
 * makes Excel read the file as UTF-8 (ä, ö, å).
 */
import type { CsvOptions, Language } from '@etapiste/protocol';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';

/** Names of what the rows refer to by id, in one language; undefined when unknown. */
export interface CsvNames {
  point(id: string, lang: Language): string | undefined;
  agency(id: string, lang: Language): string | undefined;
  expert(id: string): string | undefined;
  municipality?(id: string, lang: Language): string | undefined;
}

export interface CsvFormat {
  lang: Language;
  delimiter: ';' | ',';
  decimalComma: boolean;
  timeZone: string;
}

/** Language names as written inside a sentence or a cell of each language (not self-names). */
const LANGUAGE_NAMES: Record<Language, Record<Language, string>> = {
  fi: { fi: 'suomi', sv: 'ruotsi', en: 'englanti' },
  sv: { fi: 'finska', sv: 'svenska', en: 'engelska' },
  en: { fi: 'Finnish', sv: 'Swedish', en: 'English' },
};

/** The id columns that get a names column right after them, and that column's name. */
const NAME_COLUMNS: Record<string, string> = {
  pointId: 'pointName',
  municipalityId: 'municipalityName',
  agency: 'agencyName',
  expertId: 'expertName',
  language: 'languageName',
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function csvFormat(options: CsvOptions, timeZone: string): CsvFormat {
  const delimiter = options.delimiter ?? (options.lang === 'en' ? 'comma' : 'semicolon');
  return {
    lang: options.lang,
    delimiter: delimiter === 'semicolon' ? ';' : ',',
    decimalComma: delimiter === 'semicolon',
    timeZone,
  };
}

/** The CSV's columns: the schema's, each id followed by its names column. */
export function csvColumns(rowSchema: z.ZodObject): string[] {
  const keys = Object.keys(rowSchema.shape);
  return keys.flatMap((key) => {
    const names = NAME_COLUMNS[key];
    return names && !keys.includes(names) ? [key, names] : [key];
  });
}

export function toCsv(
  rowSchema: z.ZodObject,
  rows: readonly Record<string, unknown>[],
  format: CsvFormat,
  names: CsvNames,
): string {
  const columns = csvColumns(rowSchema);
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: format.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return format.decimalComma ? String(value).replace('.', ',') : String(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'string' && ISO_INSTANT.test(value)) return local.format(new Date(value));
    return String(value);
  };
  const nameOf = (column: string, row: Record<string, unknown>): string | undefined => {
    switch (column) {
      case 'pointName':
        return typeof row.pointId === 'string' ? names.point(row.pointId, format.lang) : undefined;
      case 'municipalityName':
        return typeof row.municipalityId === 'string'
          ? names.municipality?.(row.municipalityId, format.lang)
          : undefined;
      case 'agencyName':
        return typeof row.agency === 'string' ? names.agency(row.agency, format.lang) : undefined;
      case 'expertName':
        return typeof row.expertName === 'string'
          ? row.expertName
          : typeof row.expertId === 'string'
            ? names.expert(row.expertId)
            : undefined;
      case 'languageName':
        return LANGUAGE_NAMES[format.lang][row.language as Language];
      default:
        return undefined;
    }
  };
  const records = rows.map((row) =>
    Object.fromEntries(
      columns.map((column) => [column, column in row ? cell(row[column]) : (nameOf(column, row) ?? '')]),
    ),
  );
  return stringify(records, {
    header: true,
    columns,
    bom: true,
    delimiter: format.delimiter,
    escape_formulas: true,
    record_delimiter: 'windows',
  });
}
