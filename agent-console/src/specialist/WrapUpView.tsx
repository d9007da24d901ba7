import type { Session } from '@etapiste/protocol';
import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { formatDuration, secondsLeft } from '../shared/time.js';

/**
 * After the session: choose the outcome from the agency's list before the time runs out. When it
 * does, the server records the outcome as missing and frees the specialist; the view then goes.
 */
export function WrapUpView(props: {
  session: Session;
  deadline: string;
  transferred: boolean;
  customerLeft?: boolean;
  names: Names;
  now: number;
  busy: boolean;
  onSubmit: (outcome: string) => void;
}) {
  const { t } = useTranslation();
  const { session, names } = props;
  const outcomes = names.outcomes(session.agency);
  const [outcome, setOutcome] = useState<string>();
  const [missing, setMissing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const left = secondsLeft(props.deadline, props.now);

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
          if (!outcome) return setMissing(true);
          props.onSubmit(outcome);
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
        <Button type="submit" isDisabled={props.busy}>
          {t('wrapUp.submit')}
        </Button>
      </Form>
    </section>
  );
}
