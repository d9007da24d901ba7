/**
 * A point's device key: issue one, rotate it (a new one; the device signs in with the new key) or
 * revoke it (the device is signed out within seconds). The server stores only a hash, so a key
 * issued here is shown in this dialog once, with a copy button, and said plainly not to come back.
 * The dialog cannot be dismissed by a stray click while a key is on show.
 */
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Input, Label, Modal, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { AdminError } from './AdminError.js';
import type { AdminApi, PointItem } from './admin-api.js';

export function PointKeyDialog(props: {
  api: AdminApi;
  point: PointItem;
  name: string;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [issued, setIssued] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState<'rotate' | 'revoke'>();
  const [busy, setBusy] = useState(false);
  const { point } = props;

  async function issue() {
    setBusy(true);
    setError(undefined);
    setConfirming(undefined);
    try {
      const answer = await props.api.issueKey(point.data.id, point.version);
      setIssued(answer.pointKey);
      setStatus(t('admin.key.issued'));
      await props.onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    setBusy(true);
    setError(undefined);
    setConfirming(undefined);
    try {
      await props.api.revokeKey(point.data.id, point.version);
      setIssued(undefined);
      setStatus(t('admin.key.revoked'));
      await props.onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued);
      setStatus(t('admin.key.copied'));
    } catch {
      setStatus(t('admin.key.copyFailed'));
    }
  }

  const reset = (open: boolean) => {
    if (open) return;
    setIssued(undefined);
    setError(undefined);
    setStatus('');
    setConfirming(undefined);
  };

  return (
    <DialogTrigger onOpenChange={reset}>
      <Button data-variant="secondary" aria-label={`${t('admin.key.open')}: ${props.name}`}>
        {t('admin.key.open')}
      </Button>
      <Modal isDismissable={!issued} isKeyboardDismissDisabled={Boolean(issued)}>
        <Dialog className="react-aria-Dialog admin-key">
          {({ close }) => (
            <>
              <Heading slot="title">{t('admin.key.heading', { name: props.name })}</Heading>
              {!issued && <p>{point.hasKey ? t('admin.key.inForceLong') : t('admin.key.noneLong')}</p>}
              {issued && (
                <div className="admin-key__shown">
                  <TextField className="field" value={issued} isReadOnly>
                    <Label>{t('admin.key.label')}</Label>
                    <Input className="admin-key__value" onFocus={(e) => e.currentTarget.select()} />
                  </TextField>
                  <p className="notice">
                    <strong>{t('admin.key.onceOnly')}</strong>
                  </p>
                  <Button onPress={() => void copy()}>{t('admin.key.copy')}</Button>
                </div>
              )}
              <p role="status" className="admin-status">
                {status}
              </p>
              <AdminError error={error} />
              {confirming && (
                <div className="notice admin-key__confirm">
                  <p>{t(confirming === 'rotate' ? 'admin.key.rotateEffect' : 'admin.key.revokeEffect')}</p>
                  <div className="row">
                    <Button isDisabled={busy} onPress={() => void (confirming === 'rotate' ? issue() : revoke())}>
                      {t(confirming === 'rotate' ? 'admin.key.rotate' : 'admin.key.revoke')}
                    </Button>
                    <Button data-variant="secondary" onPress={() => setConfirming(undefined)}>
                      {t('admin.cancel')}
                    </Button>
                  </div>
                </div>
              )}
              <div className="row admin-form__actions">
                {!point.hasKey && !issued && (
                  <Button isDisabled={busy} onPress={() => void issue()}>
                    {t('admin.key.issue')}
                  </Button>
                )}
                {point.hasKey && !issued && !confirming && (
                  <>
                    <Button data-variant="secondary" isDisabled={busy} onPress={() => setConfirming('rotate')}>
                      {t('admin.key.rotate')}
                    </Button>
                    <Button data-variant="secondary" isDisabled={busy} onPress={() => setConfirming('revoke')}>
                      {t('admin.key.revoke')}
                    </Button>
                  </>
                )}
                <Button data-variant="secondary" onPress={close}>
                  {issued ? t('admin.key.stored') : t('admin.close')}
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}
