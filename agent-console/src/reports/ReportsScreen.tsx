import { type Directory, LANGUAGES } from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { sessionTokens } from '../services.js';
import type { Names } from '../shared/names.js';
import { TableScroll } from '../shared/TableScroll.js';
import { type CellContext, COLUMNS, cellText } from './columns.js';
import { agencyChoices, defaultPeriod, pointChoices, type ReportFilters, reportQuery } from './filters.js';
import { formatDay } from './locale-format.js';
import { type CsvDelimiter, REPORTS, type ReportAnswer, type ReportKind, ReportsApi } from './reports-api.js';

const defaultApi = new ReportsApi(sessionTokens);

/** The agencies a supervisor answers for; undefined (all) for administrators. */
function signedInAgencies(): readonly string[] | undefined {
  const principal = sessionTokens.current?.principal;
  return principal?.role === 'supervisor' ? (principal.agencies ?? []) : undefined;
}

/**
 * Reports for supervisors and administrators: choose a report, a period and perhaps one service
 * point, agency, language (and rating, for the customers' comments), read it, take the CSV in the
 * format the user's spreadsheet opens in columns.
 */
export function ReportsScreen({
  names,
  directory,
  api = defaultApi,
  agencies = signedInAgencies(),
}: {
  names: Names;
  directory: Directory | undefined;
  /** The reports API; tests pass their own. */
  api?: Pick<ReportsApi, 'rows' | 'csv'>;
  /** The agencies the user may report on; undefined for all. */
  agencies?: readonly string[] | undefined;
}) {
  const { t, i18n } = useTranslation();
  const ctx: CellContext = {
    names,
    language: i18n.language,
    languageName: (code) => t(`wallboard.language.${code}`, { defaultValue: code }),
  };
  const [period] = useState(() => defaultPeriod(new Date()));
  const [kind, setKind] = useState<ReportKind>('monthly');
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [pointId, setPointId] = useState('');
  const [agency, setAgency] = useState('');
  const [language, setLanguage] = useState('');
  const [rating, setRating] = useState('');
  // Excel with Finnish or Swedish settings splits on semicolons; English settings on commas.
  const [delimiter, setDelimiter] = useState<CsvDelimiter>(() =>
    i18n.language.startsWith('en') ? 'comma' : 'semicolon',
  );
  const filters: ReportFilters = { from, to, pointId, agency, language, rating };
  // The answer with the report and filters it was asked with: the table and caption follow those,
  // not the form's edits since (an answer still on its way for another report must not take the new
  // report's columns).
  const [answer, setAnswer] = useState<ReportAnswer & { kind: ReportKind; filters: ReportFilters }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function load(report: ReportKind = kind) {
    setBusy(true);
    setError(undefined);
    try {
      setAnswer({ ...(await api.rows(report, reportQuery(filters, report === 'comments'))), kind: report, filters });
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
      const { blob, fileName } = await api.csv(kind, reportQuery(filters, kind === 'comments'), {
        lang: i18n.language,
        delimiter,
      });
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

  const columns = COLUMNS[answer?.kind ?? kind];
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
        <div className="field">
          <label htmlFor="report-agency">{t('reports.agency')}</label>
          <select id="report-agency" value={agency} onChange={(e) => setAgency(e.target.value)}>
            <option value="">{t('reports.allAgencies')}</option>
            {agencyChoices(directory, names, i18n.language, agencies).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-language">{t('reports.language')}</label>
          <select id="report-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">{t('reports.allLanguages')}</option>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {ctx.languageName(code)}
              </option>
            ))}
          </select>
        </div>
        {kind === 'comments' && (
          <div className="field">
            <label htmlFor="report-rating">{t('reports.rating')}</label>
            <select id="report-rating" value={rating} onChange={(e) => setRating(e.target.value)}>
              <option value="">{t('reports.allRatings')}</option>
              {['5', '4', '3', '2', '1'].map((r) => (
                <option key={r} value={r}>
                  {t('reports.ratingValue', { rating: r })}
                </option>
              ))}
            </select>
          </div>
        )}
        <Button type="submit" isDisabled={busy}>
          {t('reports.show')}
        </Button>
      </form>
      <div className="row report-form report-csv">
        <div className="field">
          <label htmlFor="report-csv-format">{t('reports.csvFormat')}</label>
          <select
            id="report-csv-format"
            value={delimiter}
            onChange={(e) => setDelimiter(e.target.value as CsvDelimiter)}
          >
            <option value="semicolon">{t('reports.csvSemicolon')}</option>
            <option value="comma">{t('reports.csvComma')}</option>
          </select>
        </div>
        <Button data-variant="secondary" onPress={() => void download()}>
          {t('reports.csv')}
        </Button>
      </div>
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
                  {t(`reports.kinds.${answer.kind}`)}, {formatDay(answer.filters.from, i18n.language)} –{' '}
                  {formatDay(answer.filters.to, i18n.language)}
                  {answer.filters.pointId ? `, ${names.point(answer.filters.pointId)}` : ''}
                  {answer.filters.agency ? `, ${names.agency(answer.filters.agency)}` : ''}
                  {answer.filters.language ? `, ${ctx.languageName(answer.filters.language)}` : ''}
                  {answer.kind === 'comments' && answer.filters.rating
                    ? `, ${t('reports.ratingValue', { rating: answer.filters.rating })}`
                    : ''}
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
                        <td key={c.key} className={c.numeric ? 'num' : c.wide ? 'wide' : undefined}>
                          {cellText(c, row, ctx)}
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
