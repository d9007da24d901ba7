import type { TokenPair } from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { useState } from 'react';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { authApi } from '../services.js';

export function SignInScreen({ onSignedIn }: { onSignedIn: (pair: TokenPair) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(
        await authApi.login({
          username: String(form.get('username') ?? '').trim(),
          password: String(form.get('password') ?? ''),
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{t('signIn.heading')}</h1>
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(new FormData(event.currentTarget));
        }}
        validationBehavior="aria"
      >
        <TextField name="username" isRequired className="field" autoComplete="username">
          <Label>{t('signIn.username')}</Label>
          <Input />
          <FieldError>{t('signIn.required')}</FieldError>
        </TextField>
        <TextField name="password" type="password" isRequired className="field" autoComplete="current-password">
          <Label>{t('signIn.password')}</Label>
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
