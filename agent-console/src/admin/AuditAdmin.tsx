/**
 * The audit trail, newest first: who did what, when and from where, with an admin change's before
 * and after. Filters are the API's (period, action, who); older rows are paged in by sequence
 * number. The same filters export as CSV (the server's, itself audited), and the hash chain can be
 * verified (a tampered row is named by its number).
 */
import { AuditAction, type AuditRow } from '@etapiste/protocol';
import { useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatLocale } from '../reports/locale-format.js';
import { TableScroll } from '../shared/TableScroll.js';
import { AdminError } from './AdminError.js';
import type { AdminApi, AuditQuery, AuditVerification } from './admin-api.js';
import { TextInput } from './fields.js';
import { saveFile } from './save-file.js';

const PAGE = 100;

/** A day's start or end as an instant, in the browser's time zone (administrators sit in Finland). */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const at = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

export function AuditAdmin({ api }: { api: AdminApi }) {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState('');
  const [rows, setRows] = useState<AuditRow[]>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const [verification, setVerification] = useState<AuditVerification>();
  const [busy, setBusy] = useState(false);

  const query = (): AuditQuery => ({
    from: dayBound(from, false),
    to: dayBound(to, true),
    action: action ? (action as AuditQuery['action']) : undefined,
    actorId: actorId.trim() || undefined,
    limit: PAGE,
  });

  async function load(older = false) {
    setBusy(true);
    setError(undefined);
    try {
      const last = rows?.at(-1);
      const page = await api.audit(older && last ? { ...query(), beforeSeq: last.seq } : query());
      setRows(older && rows ? [...rows, ...page] : page);
      setMore(page.length === PAGE);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function verify() {
    setError(undefined);
    try {
      setVerification(await api.verifyAudit());
    } catch (failure) {
      setError(failure);
    }
  }

  /** The server's CSV of the same filters, in the reader's language and spreadsheet format. */
  async function exportCsv() {
    setError(undefined);
    try {
      const { limit: _page, ...filters } = query();
      const { blob, fileName } = await api.auditCsv(filters, {
        lang: i18n.language,
        delimiter: i18n.language.startsWith('en') ? 'comma' : 'semicolon',
      });
      saveFile({ blob, fileName });
    } catch (failure) {
      setError(failure);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: the newest rows load once, on opening.
  useEffect(() => {
    void load();
  }, []);

  const time = new Intl.DateTimeFormat(formatLocale(i18n.language), {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: 'Europe/Helsinki',
  });
  return (
    <section aria-labelledby="admin-audit-heading" className="admin-resource">
      <h2 id="admin-audit-heading">{t('admin.audit.heading')}</h2>
      <Form
        className="row report-form"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <TextInput type="date" label={t('admin.audit.from')} value={from} onChange={setFrom} />
        <TextInput type="date" label={t('admin.audit.to')} value={to} onChange={setTo} />
        <div className="field">
          <label htmlFor="audit-action">{t('admin.audit.action')}</label>
          <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{t('admin.audit.allActions')}</option>
            {AuditAction.options.map((a) => (
              <option key={a} value={a}>
                {t(`admin.audit.actions.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <TextInput label={t('admin.audit.actor')} value={actorId} onChange={setActorId} />
        <Button type="submit" isDisabled={busy}>
          {t('admin.audit.show')}
        </Button>
      </Form>
      <div className="row report-csv">
        <Button data-variant="secondary" onPress={() => void exportCsv()}>
          {t('admin.audit.export')}
        </Button>
        <Button data-variant="secondary" onPress={() => void verify()}>
          {t('admin.audit.verify')}
        </Button>
      </div>
      <p role="status" className="admin-status">
        {verification &&
          (verification.ok
            ? t('admin.audit.intact', { count: verification.rows })
            : t('admin.audit.broken', {
                seq: verification.firstBroken?.seq ?? '?',
                reason: t(`admin.audit.brokenReason.${verification.firstBroken?.reason ?? 'chain-broken'}`),
              }))}
      </p>
      <AdminError error={error} />
      {rows && rows.length === 0 && <p>{t('admin.audit.none')}</p>}
      {rows && rows.length > 0 && (
        <TableScroll labelledBy="admin-audit-caption">
          <table className="figures admin-table">
            <caption id="admin-audit-caption">{t('admin.audit.caption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.seq')}</th>
                <th scope="col">{t('admin.audit.at')}</th>
                <th scope="col">{t('admin.audit.action')}</th>
                <th scope="col">{t('admin.audit.actor')}</th>
                <th scope="col">{t('admin.audit.target')}</th>
                <th scope="col">{t('admin.audit.address')}</th>
                <th scope="col">{t('admin.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.seq}>
                  <td className="num">{row.seq}</td>
                  <td>{time.format(new Date(row.at))}</td>
                  <td>{t(`admin.audit.actions.${row.action}`)}</td>
                  <td>
                    {row.actor.id}
                    {row.actor.role ? (
                      <span className="muted small block">{t(`admin.role.${row.actor.role}`)}</span>
                    ) : null}
                  </td>
                  <td>{row.target ?? '–'}</td>
                  <td>{row.address ?? '–'}</td>
                  <td>
                    {row.details ? (
                      <details>
                        <summary>{t('admin.audit.showDetails')}</summary>
                        <pre className="admin-details">{JSON.stringify(row.details, null, 2)}</pre>
                      </details>
                    ) : (
                      '–'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {more && (
        <Button data-variant="secondary" isDisabled={busy} onPress={() => void load(true)}>
          {t('admin.audit.older')}
        </Button>
      )}
    </section>
  );
}
