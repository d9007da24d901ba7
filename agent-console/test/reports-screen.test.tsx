/**
 * @jest-environment jsdom
 */
/** The reports screen: the point filter reaches the API, the demand table tells its points apart. */
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { ReportsScreen } from '../src/reports/ReportsScreen.js';
import type { ReportAnswer, ReportKind } from '../src/reports/reports-api.js';
import { namesFor } from '../src/shared/names.js';
import { directory } from './fixtures.js';

const renderIn = rendererFor(resources);

const demandRow = (pointId: string) => ({
  period: '2026-11',
  pointId,
  agency: 'tax',
  language: 'fi',
  answered: 2,
  abandoned: 1,
  cancelled: 1,
  denied: 0,
  abandonmentPct: 50,
  asaSeconds: 30,
  serviceLevelPct: 100,
});

function fakeApi() {
  const rows = jest.fn(async (kind: ReportKind, query: Record<string, string>): Promise<ReportAnswer> => {
    if (kind !== 'demand') return { rows: [], truncated: false };
    const all = [demandRow('mikkeli'), demandRow('other-point')];
    return { rows: all.filter((r) => !query.pointId || r.pointId === query.pointId), truncated: false };
  });
  const csv = jest.fn(async (_kind: ReportKind, _query: Record<string, string>, _format?: object) => ({
    blob: new Blob(['']),
    fileName: 'demand.csv',
  }));
  return { rows, csv };
}

describe('ReportsScreen', () => {
  it('shows the point of every demand row by name and asks for one point when one is chosen', async () => {
    const api = fakeApi();
    renderIn(<ReportsScreen names={namesFor(directory, 'sv')} directory={directory} api={api} />, 'sv');
    // The monthly report loads on opening, for every point.
    await waitFor(() =>
      expect(api.rows).toHaveBeenCalledWith('monthly', expect.not.objectContaining({ pointId: expect.anything() })),
    );

    const point = screen.getByRole('combobox', { name: 'Servicepunkt' });
    expect(
      within(point)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Alla servicepunkter', 'Servicepunkt S:t Michel']);

    fireEvent.change(screen.getByRole('combobox', { name: 'Rapport' }), { target: { value: 'demand' } });
    fireEvent.click(screen.getByRole('button', { name: 'Visa' }));
    const table = await screen.findByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Period',
      'Servicepunkt',
      'Myndighet',
      'Språk',
      'Besvarade',
      'Gav upp',
      'Återkallade',
      'Avvisade',
      'Andel avbrutna',
      'Medelsvarstid',
      'Servicenivå',
    ]);
    const body = within(table).getAllByRole('row').slice(1);
    expect(body.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual([
      'Servicepunkt S:t Michel',
      'other-point',
    ]);
    expect(screen.getByText(/^Andel avbrutna: /)).toBeTruthy();

    fireEvent.change(point, { target: { value: 'mikkeli' } });
    fireEvent.click(screen.getByRole('button', { name: 'Visa' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 rad.'));
    expect(api.rows).toHaveBeenLastCalledWith('demand', expect.objectContaining({ pointId: 'mikkeli' }));
    expect(screen.getByRole('table').querySelector('caption')?.textContent).toMatch(/, Servicepunkt S:t Michel$/);

    fireEvent.click(screen.getByRole('button', { name: 'Ladda ner CSV' }));
    await waitFor(() =>
      expect(api.csv).toHaveBeenCalledWith('demand', expect.objectContaining({ pointId: 'mikkeli' }), {
        lang: 'sv',
        delimiter: 'semicolon',
      }),
    );
  });

  it('reads the customers’ comments by agency, language and rating, the specialist by name', async () => {
    const comment = {
      sessionId: 's1',
      submittedAt: '2026-12-01T08:05:00.000Z',
      pointId: 'mikkeli',
      expertId: 'aino',
      expertName: 'Aino Virtanen',
      agency: 'kela',
      language: 'sv',
      rating: 2,
      comment: 'Bilden hackade.',
    };
    const api = fakeApi();
    api.rows.mockImplementation(async (kind) => ({ rows: kind === 'comments' ? [comment] : [], truncated: false }));
    renderIn(
      <ReportsScreen names={namesFor(directory, 'fi')} directory={directory} api={api} agencies={['kela']} />,
      'fi',
    );
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('0 riviä.'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Raportti' }), { target: { value: 'comments' } });
    // A supervisor is offered their own agencies only.
    const agency = screen.getByRole('combobox', { name: 'Virasto' });
    expect(
      within(agency)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Kaikki virastot', 'Kela']);
    fireEvent.change(agency, { target: { value: 'kela' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Asiointikieli' }), { target: { value: 'sv' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Arvio' }), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Näytä' }));
    const table = await screen.findByRole('table');
    expect(api.rows).toHaveBeenLastCalledWith(
      'comments',
      expect.objectContaining({ agency: 'kela', language: 'sv', rating: '2' }),
    );
    const cells = within(within(table).getAllByRole('row')[1] as HTMLElement)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      '1.12.2026 klo 10.05',
      'Asiointipiste Mikkeli',
      'Kela',
      'ruotsi',
      'Aino Virtanen',
      '2 / 5',
      'Bilden hackade.',
    ]);
    expect(table.querySelector('caption')?.textContent).toMatch(/, Kela, ruotsi, 2 \/ 5$/);
  });
});
