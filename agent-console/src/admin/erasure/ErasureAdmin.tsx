/**
 * Erasure on request: a customer asks for what they wrote, or what was written about their visit,
 * to be removed. Given the visit's id and the reason, the visit's free text (the customer's
 * feedback comments, the specialists' wrap-up notes) is erased for good; the ledger's counts stay.
 * A dialog says so before anything is erased; afterwards the screen says how many of each went
 * (the server audits the reason and the counts, never the text).
 */
import { EntityId, VisitErase, type VisitErasure } from '@etapiste/protocol';
import { useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { AdminError } from '../AdminError.js';
import type { AdminApi } from '../admin-api.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import { type Problems, problemsOf } from '../field-problems.js';
import { TextInput } from '../fields.js';

export function ErasureAdmin({ api }: { api: AdminApi }) {
  const { t } = useTranslation();
  const [visitId, setVisitId] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState<VisitErasure>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  /** Both fields are checked with the server's schemas before the dialog asks. */
  function ask() {
    const wrong = {
      ...problemsOf(EntityId, visitId.trim(), 'visitId'),
      ...problemsOf(VisitErase, { reason }),
    };
    setProblems(wrong);
    setError(undefined);
    setErased(undefined);
    if (Object.keys(wrong).length > 0) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('input[aria-invalid="true"]')?.focus());
      return;
    }
    setConfirming(true);
  }

  async function erase() {
    setConfirming(false);
    setBusy(true);
    try {
      setErased(await api.eraseVisit(visitId.trim(), reason.trim()));
      setVisitId('');
      setReason('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="admin-erasure-heading" className="admin-resource">
      <h2 id="admin-erasure-heading">{t('admin.erasure.heading')}</h2>
      <p className="muted">{t('admin.erasure.intro')}</p>
      <Form
        ref={formRef}
        validationBehavior="aria"
        className="card admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          ask();
        }}
      >
        <TextInput
          label={t('admin.erasure.visitId')}
          description={t('admin.erasure.visitIdHint')}
          value={visitId}
          onChange={setVisitId}
          problem={problems.visitId}
          isRequired
        />
        <TextInput
          label={t('admin.erasure.reason')}
          description={t('admin.reasonHint')}
          value={reason}
          onChange={setReason}
          problem={problems.reason}
          isRequired
        />
        {Object.keys(problems).length > 0 && (
          <p className="error-message" role="alert">
            {t('admin.fixFields', { count: Object.keys(problems).length })}
          </p>
        )}
        <AdminError error={error} />
        <div className="row admin-form__actions">
          <Button type="submit" isDisabled={busy}>
            {t('admin.erasure.erase')}
          </Button>
        </div>
      </Form>
      <div role="status" className="admin-status">
        {erased && (
          <>
            <p>{t('admin.erasure.done', { id: erased.visitId })}</p>
            <ul>
              <li>{t('admin.erasure.comments', { count: erased.feedbackComments })}</li>
              <li>{t('admin.erasure.notes', { count: erased.wrapUpNotes })}</li>
            </ul>
          </>
        )}
      </div>
      <ConfirmDialog
        isOpen={confirming}
        heading={t('admin.erasure.confirm', { id: visitId.trim() })}
        body={t('admin.erasure.effect')}
        confirm={t('admin.erasure.erase')}
        onConfirm={() => void erase()}
        onCancel={() => setConfirming(false)}
      />
    </section>
  );
}
