import { type Session, SpecialistNote } from '@etapiste/protocol';
import { useEffect, useRef, useState } from 'react';
import { Button, FieldError, Form, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { formatDuration, secondsLeft } from '../shared/time.js';

/** The longest wrap-up note (the protocol's limit for specialists' notes). */
const NOTE_MAX = 500;

export interface WrapUpAnswer {
  outcome: string;
  /** The specialist's own note, trimmed; absent when empty. */
  note?: string;
  /** "Save and go away": away afterwards instead of available. */
  away: boolean;
}

/**
 * After the session: choose the outcome from the agency's list before the time runs out, and
 * optionally write a note (no personal identity codes; kept as docs/security.md says). Save and
 * become available, or save and go away. When the time runs out the server records the outcome as
 * missing and frees the specialist; the view then goes.
 */
export function WrapUpView(props: {
  session: Session;
  deadline: string;
  transferred: boolean;
  customerLeft?: boolean;
  names: Names;
  now: number;
  busy: boolean;
  onSubmit: (answer: WrapUpAnswer) => void;
}) {
  const { t } = useTranslation();
  const { session, names } = props;
  const outcomes = names.outcomes(session.agency);
  const [outcome, setOutcome] = useState<string>();
  const [missing, setMissing] = useState(false);
  const [note, setNote] = useState('');
  const noteError = SpecialistNote.safeParse(note).success ? undefined : t('wrapUp.noteInvalid');
  const heading = useRef<HTMLHeadingElement>(null);
  const left = secondsLeft(props.deadline, props.now);

  function submit(away: boolean) {
    if (!outcome) return setMissing(true);
    if (noteError) return;
    const trimmed = note.trim();
    props.onSubmit({ outcome, away, ...(trimmed ? { note: trimmed } : {}) });
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once per session, when wrap-up starts.
  useEffect(() => heading.current?.focus(), [session.sessionId]);

  return (
    <section className="card wrap-up" aria-labelledby="wrap-up-heading">
      <h2 id="wrap-up-heading" ref={heading} tabIndex={-1}>
        {t('wrapUp.heading')}
      </h2>
      {props.transferred && <p role="status">{t('wrapUp.transferred')}</p>}
      {props.customerLeft && <p role="status">{t('wrapUp.customerLeft')}</p>}
      <p>
        {names.agency(session.agency)} · {names.point(session.pointId)}
      </p>
      <p className="wrap-up__time" data-urgent={left <= 20 || undefined}>
        {t('wrapUp.timeLeft')}: <span role="timer">{formatDuration(left)}</span>
      </p>
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          submit(false);
        }}
      >
        <fieldset className="choices" aria-describedby={missing ? 'outcome-missing' : undefined}>
          <legend>{t('wrapUp.outcome')}</legend>
          {outcomes.map((o) => (
            <label key={o.id} className="choice">
              <input
                type="radio"
                name="outcome"
                value={o.id}
                checked={outcome === o.id}
                onChange={() => {
                  setOutcome(o.id);
                  setMissing(false);
                }}
              />
              {o.name}
            </label>
          ))}
        </fieldset>
        {missing && (
          <p id="outcome-missing" className="error-message" role="alert">
            {t('wrapUp.chooseOutcome')}
          </p>
        )}
        <TextField
          className="field"
          value={note}
          onChange={setNote}
          maxLength={NOTE_MAX}
          isInvalid={noteError !== undefined}
        >
          <Label>{t('wrapUp.note')}</Label>
          <TextArea rows={3} />
          <Text slot="description">{t('wrapUp.noteHelp', { max: NOTE_MAX })}</Text>
          <FieldError>{noteError}</FieldError>
        </TextField>
        <div className="row">
          <Button type="submit" isDisabled={props.busy}>
            {t('wrapUp.submit')}
          </Button>
          <Button type="button" data-variant="secondary" isDisabled={props.busy} onPress={() => submit(true)}>
            {t('wrapUp.submitAway')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
