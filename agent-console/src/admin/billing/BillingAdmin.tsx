/**
 * Municipal billing for administrators: a range of whole months (last month first, as invoices are
 * written after a month ends), perhaps one municipality; the rows per municipality × agency ×
 * language with each municipality's total, and the corrections made in the period one by one. The
 * same two reports download as CSV in the reader's language and spreadsheet format. The period is
 * checked with the schema the server checks it with, and what is wrong is said at its field. Below,
 * a transaction is looked up and corrected (CorrectionsPanel); the billing is then read again.
 */
import { type BillingCorrectionReport, BillingQuery, type BillingReport } from '@etapiste/protocol';
import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatMonth, formatNumber } from '../../reports/locale-format.js';
import type { CsvDelimiter } from '../../reports/reports-api.js';
import { TableScroll } from '../../shared/TableScroll.js';
import { AdminError } from '../AdminError.js';
import type { AdminApi, BillingFilters, BillingKind } from '../admin-api.js';
import { type Problems, problemsOf } from '../field-problems.js';
import { TextInput } from '../fields.js';
import { saveFile } from '../save-file.js';
import { defaultBillingPeriod } from './billing-months.js';
import { byMunicipality } from './billing-totals.js';
import { CorrectionsPanel } from './CorrectionsPanel.js';
import { useBillingNames } from './use-billing-names.js';

interface Answer {
  filters: BillingFilters;
  billing: BillingReport;
  corrections: BillingCorrectionReport;
}

export function BillingAdmin({ api }: { api: AdminApi }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const names = useBillingNames(api);
  const [period] = useState(() => defaultBillingPeriod(new Date()));
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [municipalityId, setMunicipalityId] = useState('');
  // Excel with Finnish or Swedish settings splits on semicolons; English settings on commas.
  const [delimiter, setDelimiter] = useState<CsvDelimiter>(() => (lang.startsWith('en') ? 'comma' : 'semicolon'));
  const [problems, setProblems] = useState<Problems>({});
  const [answer, setAnswer] = useState<Answer>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  /** The filters as the API takes them, or undefined (and the problems said) when they do not fit. */
  function checked(): BillingFilters | undefined {
    const filters: BillingFilters = { from, to, ...(municipalityId ? { municipalityId } : {}) };
    const found = problemsOf(BillingQuery, filters);
    setProblems(found);
    if (Object.keys(found).length === 0) return filters;
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('input[aria-invalid="true"]')?.focus());
    return undefined;
  }

  async function load(shown?: BillingFilters) {
    const filters = shown ?? checked();
    if (!filters) return;
    setBusy(true);
    setError(undefined);
    try {
      const [billing, corrections] = await Promise.all([api.billing(filters), api.billingCorrections(filters)]);
      setAnswer({ filters, billing, corrections });
    } catch (failure) {
      setAnswer(undefined);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function download(kind: BillingKind) {
    const filters = checked();
    if (!filters) return;
    setError(undefined);
    try {
      saveFile(await api.billingCsv(kind, filters, { lang, delimiter }));
    } catch (failure) {
      setError(failure);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: last month's billing loads once, on opening.
  useEffect(() => {
    void load();
  }, []);

  const number = (value: number) => formatNumber(value, lang, 0);
  const periodText = (filters: BillingFilters) =>
    filters.from === filters.to
      ? formatMonth(filters.from, lang)
      : `${formatMonth(filters.from, lang)} – ${formatMonth(filters.to, lang)}`;
  const groups = answer ? byMunicipality(answer.billing.rows) : [];
  const captionFor = (filters: BillingFilters) =>
    filters.municipalityId
      ? `${periodText(filters)}, ${names.municipality(filters.municipalityId)}`
      : periodText(filters);

  return (
    <section aria-labelledby="admin-billing-heading" className="admin-resource">
      <h2 id="admin-billing-heading">{t('admin.billing.heading')}</h2>
      <p className="muted">{t('admin.billing.intro')}</p>
      <Form
        ref={formRef}
        validationBehavior="aria"
        className="row report-form"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <TextInput
          type="month"
          label={t('admin.billing.from')}
          value={from}
          onChange={setFrom}
          problem={problems.from}
          isRequired
        />
        <TextInput
          type="month"
          label={t('admin.billing.to')}
          value={to}
          onChange={setTo}
          problem={problems.to}
          isRequired
        />
        <div className="field">
          <label htmlFor="billing-municipality">{t('admin.billing.municipality')}</label>
          <select id="billing-municipality" value={municipalityId} onChange={(e) => setMunicipalityId(e.target.value)}>
            <option value="">{t('admin.billing.allMunicipalities')}</option>
            {names.municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" isDisabled={busy}>
          {t('admin.billing.show')}
        </Button>
      </Form>
      <div className="row report-form report-csv">
        <div className="field">
          <label htmlFor="billing-csv-format">{t('reports.csvFormat')}</label>
          <select
            id="billing-csv-format"
            value={delimiter}
            onChange={(e) => setDelimiter(e.target.value as CsvDelimiter)}
          >
            <option value="semicolon">{t('reports.csvSemicolon')}</option>
            <option value="comma">{t('reports.csvComma')}</option>
          </select>
        </div>
        <Button data-variant="secondary" onPress={() => void download('billing')}>
          {t('admin.billing.csv')}
        </Button>
        <Button data-variant="secondary" onPress={() => void download('corrections')}>
          {t('admin.billing.correctionsCsv')}
        </Button>
      </div>
      <p role="status" className="admin-status">
        {answer
          ? t('admin.billing.rows', { count: answer.billing.rows.length, period: periodText(answer.filters) })
          : ''}
      </p>
      <AdminError error={error} />
      {answer && answer.billing.rows.length > 0 && (
        <TableScroll labelledBy="admin-billing-caption">
          <table className="figures admin-table">
            <caption id="admin-billing-caption">
              {t('admin.billing.caption', { filters: captionFor(answer.filters) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.billing.column.municipality')}</th>
                <th scope="col">{t('admin.billing.column.month')}</th>
                <th scope="col">{t('admin.billing.column.agency')}</th>
                <th scope="col">{t('admin.billing.column.language')}</th>
                <th scope="col">{t('admin.billing.column.transactions')}</th>
                <th scope="col">{t('admin.billing.column.voided')}</th>
                <th scope="col">{t('admin.billing.column.reinstated')}</th>
                <th scope="col">{t('admin.billing.column.billable')}</th>
              </tr>
            </thead>
            {groups.map((group) => {
              const municipality = names.municipality(group.municipalityId);
              return (
                <tbody key={group.municipalityId ?? ''} data-municipality={group.municipalityId ?? ''}>
                  {group.rows.map((row) => (
                    <tr key={`${row.month}:${row.agency}:${row.language}`}>
                      <th scope="row">{municipality}</th>
                      <td>{formatMonth(row.month, lang)}</td>
                      <td>{names.agency(row.agency)}</td>
                      <td>{names.language(row.language)}</td>
                      <td className="num">{number(row.transactions)}</td>
                      <td className="num">{number(row.voided)}</td>
                      <td className="num">{number(row.reinstated)}</td>
                      <td className="num">{number(row.billable)}</td>
                    </tr>
                  ))}
                  <tr className="billing-total">
                    <th scope="row" colSpan={4}>
                      {t('admin.billing.total', { municipality })}
                    </th>
                    <td className="num">{number(group.total.transactions)}</td>
                    <td className="num">{number(group.total.voided)}</td>
                    <td className="num">{number(group.total.reinstated)}</td>
                    <td className="num">
                      <strong>{number(group.total.billable)}</strong>
                    </td>
                  </tr>
                </tbody>
              );
            })}
          </table>
        </TableScroll>
      )}
      {answer?.billing.truncated && <p className="muted">{t('admin.billing.truncated')}</p>}
      {answer && (
        <>
          <h3 id="admin-billing-corrections-heading" style={{ marginTop: '1.5rem' }}>
            {t('admin.billing.correctionsHeading')}
          </h3>
          {answer.corrections.rows.length === 0 ? (
            <p>{t('admin.billing.noCorrections')}</p>
          ) : (
            <TableScroll labelledBy="admin-billing-corrections-caption">
              <table className="figures admin-table">
                <caption id="admin-billing-corrections-caption">
                  {t('admin.billing.correctionsCaption', {
                    count: answer.corrections.rows.length,
                    filters: captionFor(answer.filters),
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.billing.column.correctedAt')}</th>
                    <th scope="col">{t('admin.billing.column.sessionId')}</th>
                    <th scope="col">{t('admin.billing.column.kind')}</th>
                    <th scope="col">{t('admin.billing.column.transactionMonth')}</th>
                    <th scope="col">{t('admin.billing.column.where')}</th>
                    <th scope="col">{t('admin.billing.column.reason')}</th>
                    <th scope="col">{t('admin.billing.column.correctedBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.corrections.rows.map((row) => (
                    <tr key={row.correctionId}>
                      <td>{formatDateTime(row.correctedAt, lang)}</td>
                      <td>{row.sessionId}</td>
                      <td>{t(`admin.corrections.kind.${row.kind}`)}</td>
                      <td>{formatMonth(row.transactionMonth, lang)}</td>
                      <td>
                        {names.municipality(row.municipalityId)} · {names.agency(row.agency)} ·{' '}
                        {names.language(row.language)}
                      </td>
                      <td className="wide">{row.reason}</td>
                      <td>{row.correctedBy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
      <CorrectionsPanel api={api} onCorrected={() => answer && void load(answer.filters)} />
    </section>
  );
}
