/**
 * CSV export of a report's rows: the same columns, in the order the row schema declares them, as
 * the JSON rows. csv-stringify does the quoting; `escape_formulas` defuses cells a spreadsheet
 * would run as a formula (a customer's comment starting with `=`); the byte-order mark makes Excel
 * read the file as UTF-8 (ä, ö, å).
 */
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';

export function toCsv(rowSchema: z.ZodObject, rows: readonly Record<string, unknown>[]): string {
  const columns = Object.keys(rowSchema.shape);
  return stringify(rows as Record<string, unknown>[], {
    header: true,
    columns,
    bom: true,
    escape_formulas: true,
    record_delimiter: 'windows',
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}
