import type { Directory } from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { sessionTokens } from '../services.js';
import type { Names } from '../shared/names.js';
import { TableScroll } from '../shared/TableScroll.js';
import { COLUMNS, cellText } from './columns.js';
import { defaultPeriod, pointChoices, type ReportFilters, reportQuery } from './filters.js';
import { REPORTS, type ReportAnswer, type ReportKind, ReportsApi } from './reports-api.js';

const defaultApi = new ReportsApi(sessionTokens);

/**
 * Reports for supervisors and administrators: choose a report, a period and perhaps one service
 * point, read it, take the CSV.
 */
export function ReportsScreen({
  names,
  directory,
  api = defaultApi,
}: {
  names: Names;
  directory: Directory | undefined;
  /** The reports API; tests pass their own. */
  api?: Pick<ReportsApi, 'rows' | 'csv'>;
}) {
  const { t, i18n } = useTranslation();
  const [period] = useState(() => defaultPeriod(new Date()));
  const [kind, setKind] = useState<ReportKind>('monthly');
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [pointId, setPointId] = useState('');
  // The answer with the filters it was asked with: the caption names those, not the form's edits since.
  const [answer, setAnswer] = useState<ReportAnswer & { filters: ReportFilters }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function load(report: ReportKind = kind) {
    setBusy(true);
    setError(undefined);
    try {
      const filters = { from, to, pointId };
      setAnswer({ ...(await api.rows(report, reportQuery(filters))), filters });
    } catch (failure) {
      setAnswer(undefined);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function download() {
    setError(undefined);
    try {
      const { blob, fileName } = await api.csv(kind, reportQuery({ from, to, pointId }));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (failure) {
      setError(failure);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first report loads once, on opening.
  useEffect(() => {
    void load();
  }, []);

  const columns = COLUMNS[kind];
  return (
    <section className="card" aria-labelledby="reports-heading">
      <h2 id="reports-heading">{t('reports.heading')}</h2>
      <form
        className="row report-form"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <div className="field">
          <label htmlFor="report-kind">{t('reports.kind')}</label>
          <select
            id="report-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ReportKind);
              setAnswer(undefined);
            }}
          >
            {REPORTS.map((r) => (
              <option key={r} value={r}>
                {t(`reports.kinds.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-from">{t('reports.from')}</label>
          <input
            id="report-from"
            type="date"
            value={from}
            max={to}
            onChange={(e) => setFrom(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t('reports.to')}</label>
          <input id="report-to" type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="report-point">{t('reports.point')}</label>
          <select id="report-point" value={pointId} onChange={(e) => setPointId(e.target.value)}>
            <option value="">{t('reports.allPoints')}</option>
            {pointChoices(directory, names, i18n.language).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" isDisabled={busy}>
          {t('reports.show')}
        </Button>
        <Button data-variant="secondary" onPress={() => void download()}>
          {t('reports.csv')}
        </Button>
      </form>
      <ErrorMessage error={error} />
      {answer && (
        <>
          <p role="status" className="muted">
            {t('reports.rows', { count: answer.rows.length })}
            {answer.truncated ? ` ${t('reports.truncated')}` : ''}
          </p>
          {answer.rows.length > 0 && (
            <TableScroll labelledBy="report-caption">
              <table className="figures">
                <caption id="report-caption">
                  {t(`reports.kinds.${kind}`)}, {answer.filters.from} – {answer.filters.to}
                  {answer.filters.pointId ? `, ${names.point(answer.filters.pointId)}` : ''}
                </caption>
                <thead>
                  <tr>
                    {columns.map((c) => (
                      <th key={c.key} scope="col">
                        {t(`reports.column.${c.label}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {answer.rows.map((row, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: report rows have no id of their own; the order is the report's.
                    <tr key={index}>
                      {columns.map((c) => (
                        <td key={c.key} className={c.numeric ? 'num' : undefined}>
                          {cellText(c, row, names, i18n.language)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {answer.rows.length > 0 && columns.some((c) => c.key === 'abandonmentPct') && (
            <p className="muted">{t('reports.abandonmentNote')}</p>
          )}
        </>
      )}
    </section>
  );
}
