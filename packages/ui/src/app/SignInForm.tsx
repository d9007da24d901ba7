/**
 * The sign-in card both apps show: the app's heading, fields and button (its own texts), busy while
 * the request runs. What is wrong is said per field and the field is marked (`aria-invalid`, its
 * message as its description): empty, too short, or refused by the server (both fields then point
 * at the one alert saying so). Other failures are a translated sentence. What the fields mean is
 * the app's: it turns their values into tokens.
 */
import { CallClientError } from '@etapiste/call-client';
import { useId, useRef, useState } from 'react';
import { Button, FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../ErrorMessage.js';

export interface SignInField {
  name: string;
  label: string;
  description?: string;
  /** `current-password` also hides what is typed. */
  autoComplete: 'username' | 'current-password';
  /** The shortest value the server accepts; shorter is refused here, said in words. */
  minLength?: number;
}

type Problem = 'empty' | 'tooShort';

/** `T` is what a sign-in gives: a token pair for the apps, an advisor's state at a point. */
export function SignInForm<T>(props: {
  heading: string;
  intro?: string;
  fields: SignInField[];
  submitLabel: string;
  /** Said after "the sign-in details are not valid": which fields to check, in the app's words. */
  refusedHint: string;
  /** The fields' values by name, as typed; the app trims and checks them. */
  signIn: (values: Record<string, string>) => Promise<T>;
  onSignedIn: (result: T) => void;
}) {
  const { t } = useTranslation('common');
  // What is wrong per field, as a kind: said in the language on screen, also after a switch.
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [refused, setRefused] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const refusedId = useId();

  function check(values: Record<string, string>): Record<string, Problem> {
    const found: Record<string, Problem> = {};
    for (const field of props.fields) {
      const value = values[field.name] ?? '';
      if (value.trim() === '') found[field.name] = 'empty';
      else if (field.minLength && value.length < field.minLength) found[field.name] = 'tooShort';
    }
    return found;
  }

  async function submit(form: FormData) {
    const values = Object.fromEntries(props.fields.map((f) => [f.name, String(form.get(f.name) ?? '')]));
    const found = check(values);
    setProblems(found);
    setRefused(false);
    setError(undefined);
    const first = props.fields.find((f) => found[f.name]);
    if (first) {
      // The first field to fix gets focus: its label, "invalid" and what is wrong are read out.
      inputs.current.get(first.name)?.focus();
      return;
    }
    setBusy(true);
    try {
      props.onSignedIn(await props.signIn(values));
    } catch (failure) {
      // A value the server's schema refuses is, to the person signing in, just as wrong.
      const { code } = CallClientError.from(failure);
      if (code === 'INVALID_CREDENTIALS' || code === 'VALIDATION_FAILED') setRefused(true);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  // Typing in a field takes back what was said about it.
  const edited = (name: string) => {
    setRefused(false);
    setProblems((current) => {
      if (!current[name]) return current;
      const { [name]: _gone, ...rest } = current;
      return rest;
    });
  };

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
        {props.fields.map((field) => {
          const problem = problems[field.name];
          return (
            <TextField
              key={field.name}
              name={field.name}
              type={field.autoComplete === 'current-password' ? 'password' : 'text'}
              isRequired
              isInvalid={Boolean(problem) || refused}
              onChange={() => edited(field.name)}
              className="field"
              autoComplete={field.autoComplete}
              aria-describedby={refused ? refusedId : undefined}
            >
              <Label>{field.label}</Label>
              <Input
                ref={(element) => {
                  if (element) inputs.current.set(field.name, element);
                  else inputs.current.delete(field.name);
                }}
              />
              {field.description && <Text slot="description">{field.description}</Text>}
              {problem && (
                <FieldError>
                  {t(`signIn.${problem}`, { label: field.label, ...(field.minLength ? { min: field.minLength } : {}) })}
                </FieldError>
              )}
            </TextField>
          );
        })}
        {refused && (
          <p id={refusedId} className="error-message" role="alert">
            {t('errors.INVALID_CREDENTIALS')} {props.refusedHint}
          </p>
        )}
        <ErrorMessage error={error} />
        <Button type="submit" isDisabled={busy}>
          {props.submitLabel}
        </Button>
      </Form>
    </section>
  );
}
