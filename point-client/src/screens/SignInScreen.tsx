import type { TokenPair } from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { useState } from 'react';
import { Button, FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { authApi } from '../services.js';

/** One-time device sign-in with the point id and the provisioned key. */
export function SignInScreen({ onSignedIn }: { onSignedIn: (pair: TokenPair) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(undefined);
    try {
      const pointId = String(form.get('pointId') ?? '')
        .trim()
        .toLowerCase();
      onSignedIn(await authApi.loginPoint({ pointId, pointKey: String(form.get('pointKey') ?? '') }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{t('signIn.heading')}</h1>
      <p>{t('signIn.intro')}</p>
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(new FormData(event.currentTarget));
        }}
        validationBehavior="aria"
      >
        <TextField name="pointId" isRequired className="field" autoComplete="username">
          <Label>{t('signIn.pointId')}</Label>
          <Input />
          <Text slot="description">{t('signIn.pointIdHelp')}</Text>
          <FieldError>{t('signIn.required')}</FieldError>
        </TextField>
        <TextField name="pointKey" type="password" isRequired className="field" autoComplete="current-password">
          <Label>{t('signIn.pointKey')}</Label>
          <Input />
          <FieldError>{t('signIn.required')}</FieldError>
        </TextField>
        <ErrorMessage error={error} />
        <Button type="submit" isDisabled={busy}>
          {t('signIn.submit')}
        </Button>
      </Form>
    </section>
  );
}
