/**
 * The reports' CSV as a spreadsheet opens it: for fi and sv semicolons and decimal commas (Finnish
 * Excel splits a double-clicked file into columns only so), for en commas and decimal points, or
 * as asked; UTF-8 with a byte-order mark; Helsinki local times; names beside the ids.
 */
import { DemandRow, FeedbackCommentRow, TransactionRow } from '@etapiste/protocol';
import { describe, expect, it } from '@jest/globals';
import { type CsvNames, csvColumns, csvFormat, toCsv } from '../src/reports/csv.js';

const names: CsvNames = {
  point: (id, lang) =>
    id === 'mikkeli'
      ? { fi: 'Asiointipiste Mikkeli', sv: 'Servicepunkt S:t Michel', en: 'Service point Mikkeli' }[lang]
      : undefined,
  agency: (id, lang) => (id === 'kela' ? { fi: 'Kela', sv: 'FPA', en: 'Kela' }[lang] : undefined),
  expert: (id) => (id === 'aino' ? 'Aino Virtanen' : undefined),
};

const demand = {
  period: '2026-12-01',
  pointId: 'mikkeli',
  agency: 'kela',
  language: 'sv',
  answered: 2,
  abandoned: 1,
  cancelled: 0,
  denied: 0,
  asaSeconds: 41.5,
  serviceLevelPct: 66.7,
  abandonmentPct: 33.3,
};

const lines = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

describe('report CSV', () => {
  it('writes semicolons and decimal commas for Finnish, with a BOM and the names beside the ids', () => {
    const csv = toCsv(DemandRow, [demand], csvFormat({ lang: 'fi' }, 'Europe/Helsinki'), names);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row] = lines(csv);
    expect(header).toBe(
      'period;pointId;pointName;agency;agencyName;language;languageName;answered;abandoned;cancelled;denied;asaSeconds;serviceLevelPct;abandonmentPct',
    );
    expect(row).toBe('2026-12-01;mikkeli;Asiointipiste Mikkeli;kela;Kela;sv;ruotsi;2;1;0;0;41,5;66,7;33,3');
  });

  it('names in Swedish for sv, and commas with decimal points for en or when asked', () => {
    const [, sv] = lines(toCsv(DemandRow, [demand], csvFormat({ lang: 'sv' }, 'Europe/Helsinki'), names));
    expect(sv).toBe('2026-12-01;mikkeli;Servicepunkt S:t Michel;kela;FPA;sv;svenska;2;1;0;0;41,5;66,7;33,3');
    const [, en] = lines(toCsv(DemandRow, [demand], csvFormat({ lang: 'en' }, 'Europe/Helsinki'), names));
    expect(en).toBe('2026-12-01,mikkeli,Service point Mikkeli,kela,Kela,sv,Swedish,2,1,0,0,41.5,66.7,33.3');
    const [, asked] = lines(
      toCsv(DemandRow, [demand], csvFormat({ lang: 'fi', delimiter: 'comma' }, 'Europe/Helsinki'), names),
    );
    expect(asked).toBe('2026-12-01,mikkeli,Asiointipiste Mikkeli,kela,Kela,sv,ruotsi,2,1,0,0,41.5,66.7,33.3');
  });

  it('writes times in Helsinki local time and the specialist by name beside the id', () => {
    const row = {
      sessionId: 's1',
      visitId: 'v1',
      ticketId: 't1',
      pointId: 'mikkeli',
      expertId: 'aino',
      expertName: 'Aino Virtanen',
      agency: 'kela',
      language: 'fi',
      topic: null,
      outcome: 'resolved',
      transferredFrom: null,
      queuedAt: '2026-11-30T21:58:00.000Z',
      answeredAt: '2026-11-30T22:00:30.000Z',
      endedAt: '2026-11-30T22:10:00.000Z',
      waitSeconds: 150.2,
      durationSeconds: 570,
    };
    const records = lines(toCsv(TransactionRow, [row], csvFormat({ lang: 'fi' }, 'Europe/Helsinki'), names)).map(
      (line) => line.split(';'),
    );
    const [header = [], values = []] = records;
    const cell = (column: string) => values[header.indexOf(column)];
    expect(header.slice(3, 7)).toEqual(['pointId', 'pointName', 'expertId', 'expertName']);
    expect(cell('expertName')).toBe('Aino Virtanen');
    // 22:00 UTC on 30 November is past midnight in Helsinki (UTC+2).
    expect(cell('queuedAt')).toBe('2026-11-30 23:58:00');
    expect(cell('answeredAt')).toBe('2026-12-01 00:00:30');
    expect(cell('waitSeconds')).toBe('150,2');
    expect(cell('topic')).toBe('');
  });

  it('quotes a comment with the delimiter in it and defuses one that starts like a formula', () => {
    expect(csvColumns(FeedbackCommentRow)).toContain('expertName');
    const comment = {
      sessionId: 's1',
      submittedAt: '2026-12-01T08:00:00.000Z',
      pointId: 'mikkeli',
      expertId: 'aino',
      agency: 'kela',
      language: 'fi',
      rating: 5,
      comment: '=HYPERLINK("x"); kiitos',
    };
    const [, row] = lines(toCsv(FeedbackCommentRow, [comment], csvFormat({ lang: 'fi' }, 'Europe/Helsinki'), names));
    expect(row).toBe(
      `s1;2026-12-01 10:00:00;mikkeli;Asiointipiste Mikkeli;aino;Aino Virtanen;kela;Kela;fi;suomi;5;"'=HYPERLINK(""x""); kiitos"`,
    );
  });
});
