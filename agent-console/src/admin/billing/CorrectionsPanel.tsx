/**
 * Corrections of the billing, one transaction at a time, as a panel of the billing section (a
 * correction changes the billing on screen, which is read again after one is made): look a transaction up by its session id
 * (the reports' "transactions one by one" show it), see whether it is billed now and its
 * corrections so far, and void it (not billed: a test call, a duplicate) or reinstate a voided
 * one, with a reason that is kept for good. A dialog says what the correction does before it is
 * made. The server decides whether it fits the transaction as it stands now: when another
 * administrator got there first, its refusal (CORRECTION_REFUSED) is said with its reason and the
 * transaction is read again.
 */
import { CorrectionCreate, type CorrectionKind, EntityId, type TransactionCorrections } from '@etapiste/protocol';
import { useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../reports/locale-format.js';
import { TableScroll } from '../../shared/TableScroll.js';
import { AdminError } from '../AdminError.js';
import { type AdminApi, AdminApiError } from '../admin-api.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import { type Problems, problemsOf } from '../field-problems.js';
import { TextInput } from '../fields.js';

/** The correction that fits a transaction now: a billed one can be voided, a voided one reinstated. */
const nextKind = (found: TransactionCorrections): CorrectionKind => (found.billable ? 'void' : 'reinstate');

export function CorrectionsPanel({ api, onCorrected }: { api: AdminApi; onCorrected: () => void }) {
  const { t, i18n } = useTranslation();
  const [sessionId, setSessionId] = useState('');
  const [lookupProblems, setLookupProblems] = useState<Problems>({});
  const [found, setFound] = useState<TransactionCorrections>();
  const [lookupError, setLookupError] = useState<unknown>();
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const lookupForm = useRef<HTMLFormElement>(null);
  const correctionForm = useRef<HTMLFormElement>(null);

  const focusFirstProblem = (form: HTMLFormElement | null) =>
    requestAnimationFrame(() => form?.querySelector<HTMLElement>('input[aria-invalid="true"]')?.focus());

  async function read(id: string) {
    setBusy(true);
    setLookupError(undefined);
    try {
      setFound(await api.corrections(id));
    } catch (failure) {
      setFound(undefined);
      setLookupError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function lookUp() {
    const id = sessionId.trim();
    const wrong = problemsOf(EntityId, id, 'sessionId');
    setLookupProblems(wrong);
    setStatus('');
    setError(undefined);
    setProblems({});
    setReason('');
    if (Object.keys(wrong).length > 0) {
      focusFirstProblem(lookupForm.current);
      return;
    }
    await read(id);
  }

  /** The reason is checked with the server's schema before the dialog asks. */
  function ask() {
    if (!found) return;
    const wrong = problemsOf(CorrectionCreate, { kind: nextKind(found), reason });
    setProblems(wrong);
    setError(undefined);
    setStatus('');
    if (Object.keys(wrong).length > 0) {
      focusFirstProblem(correctionForm.current);
      return;
    }
    setConfirming(true);
  }

  async function correct() {
    if (!found) return;
    const kind = nextKind(found);
    setConfirming(false);
    setBusy(true);
    try {
      await api.correct(found.sessionId, { kind, reason: reason.trim() });
      setReason('');
      setStatus(t(`admin.corrections.done.${kind}`, { id: found.sessionId }));
      await read(found.sessionId);
      onCorrected();
    } catch (failure) {
      setError(failure);
      // Someone else's correction came first: show the transaction as it is now, under the refusal.
      // The reason typed was for the correction refused, not for the one now offered: it goes too.
      if (failure instanceof AdminApiError && failure.code === 'CORRECTION_REFUSED') {
        setReason('');
        await read(found.sessionId);
      }
    } finally {
      setBusy(false);
    }
  }

  const kind = found ? nextKind(found) : 'void';
  return (
    <section aria-labelledby="admin-corrections-heading" className="card admin-form">
      <h3 id="admin-corrections-heading">{t('admin.corrections.heading')}</h3>
      <p className="muted">{t('admin.corrections.intro')}</p>
      <Form
        ref={lookupForm}
        validationBehavior="aria"
        className="row report-form"
        onSubmit={(event) => {
          event.preventDefault();
          void lookUp();
        }}
      >
        <TextInput
          label={t('admin.corrections.sessionId')}
          description={t('admin.corrections.sessionIdHint')}
          value={sessionId}
          onChange={setSessionId}
          problem={lookupProblems.sessionId}
          isRequired
        />
        <Button type="submit" isDisabled={busy}>
          {t('admin.corrections.lookUp')}
        </Button>
      </Form>
      <p role="status" className="admin-status">
        {status}
      </p>
      <AdminError error={lookupError} />
      {found && (
        <section aria-labelledby="admin-corrections-found">
          <h4 id="admin-corrections-found">{t('admin.corrections.transaction', { id: found.sessionId })}</h4>
          <p data-billable={found.billable}>
            <strong>{t(found.billable ? 'admin.corrections.billed' : 'admin.corrections.notBilled')}</strong>
          </p>
          {found.corrections.length === 0 ? (
            <p>{t('admin.corrections.none')}</p>
          ) : (
            <TableScroll labelledBy="admin-corrections-caption">
              <table className="figures admin-table">
                <caption id="admin-corrections-caption">
                  {t('admin.corrections.caption', { count: found.corrections.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.corrections.column.n')}</th>
                    <th scope="col">{t('admin.corrections.column.kind')}</th>
                    <th scope="col">{t('admin.corrections.column.at')}</th>
                    <th scope="col">{t('admin.corrections.column.reason')}</th>
                    <th scope="col">{t('admin.corrections.column.by')}</th>
                  </tr>
                </thead>
                <tbody>
                  {found.corrections.map((c) => (
                    <tr key={c.correctionId}>
                      <td className="num">{c.n}</td>
                      <td>{t(`admin.corrections.kind.${c.kind}`)}</td>
                      <td>{formatDateTime(c.correctedAt, i18n.language)}</td>
                      <td className="wide">{c.reason}</td>
                      <td>{c.correctedBy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <Form
            ref={correctionForm}
            validationBehavior="aria"
            style={{ marginTop: '1rem' }}
            onSubmit={(event) => {
              event.preventDefault();
              ask();
            }}
          >
            <TextInput
              label={t('admin.corrections.reason')}
              description={t('admin.reasonHint')}
              value={reason}
              onChange={setReason}
              problem={problems.reason}
              isRequired
            />
            <AdminError error={error} />
            <div className="row admin-form__actions">
              <Button type="submit" isDisabled={busy}>
                {t(`admin.corrections.action.${kind}`)}
              </Button>
            </div>
          </Form>
          <ConfirmDialog
            isOpen={confirming}
            heading={t(`admin.corrections.confirm.${kind}`, { id: found.sessionId })}
            body={t(`admin.corrections.effect.${kind}`)}
            confirm={t(`admin.corrections.action.${kind}`)}
            onConfirm={() => void correct()}
            onCancel={() => setConfirming(false)}
          />
        </section>
      )}
    </section>
  );
}
