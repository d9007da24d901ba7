/**
 * The sign-in card both apps show: the app's heading, fields and button (its own texts), required
 * fields said in words, busy while the request runs, and a refused or failed sign-in as a
 * translated sentence. What the fields mean is the app's: it turns their values into tokens.
 */
import type { TokenPair } from '@etapiste/protocol';
import { useState } from 'react';
import { Button, FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../ErrorMessage.js';

export interface SignInField {
  name: string;
  label: string;
  description?: string;
  /** `current-password` also hides what is typed. */
  autoComplete: 'username' | 'current-password';
}

export function SignInForm(props: {
  heading: string;
  intro?: string;
  fields: SignInField[];
  submitLabel: string;
  /** The fields' values by name, as typed; the app trims and checks them. */
  signIn: (values: Record<string, string>) => Promise<TokenPair>;
  onSignedIn: (pair: TokenPair) => void;
}) {
  const { t } = useTranslation('common');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(undefined);
    try {
      const values = Object.fromEntries(props.fields.map((f) => [f.name, String(form.get(f.name) ?? '')]));
      props.onSignedIn(await props.signIn(values));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{props.heading}</h1>
      {props.intro && <p>{props.intro}</p>}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(new FormData(event.currentTarget));
        }}
        validationBehavior="aria"
      >
        {props.fields.map((field) => (
          <TextField
            key={field.name}
            name={field.name}
            type={field.autoComplete === 'current-password' ? 'password' : 'text'}
            isRequired
            className="field"
            autoComplete={field.autoComplete}
          >
            <Label>{field.label}</Label>
            <Input />
            {field.description && <Text slot="description">{field.description}</Text>}
            <FieldError>{t('form.required')}</FieldError>
          </TextField>
        ))}
        <ErrorMessage error={error} />
        <Button type="submit" isDisabled={busy}>
          {props.submitLabel}
        </Button>
      </Form>
    </section>
  );
}
