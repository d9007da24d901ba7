import { useState } from 'react';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** The times a customer may step away for, in minutes. */
const MINUTES = [10, 15, 20, 30, 45, 60] as const;

/**
 * On the waiting screen: the customer steps away and comes back by a chosen time; the request keeps
 * its place. Asked in two steps (open, then confirm with the time) so that one stray press does not
 * send the customer's place away from the screen.
 */
export function StepAwayChoice({ busy, onStepAway }: { busy: boolean; onStepAway(minutes: number): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [minutes, setMinutes] = useState<string>('15');
  if (!open) {
    return (
      <Button data-variant="secondary" onPress={() => setOpen(true)} isDisabled={busy}>
        {t('stepAway.action')}
      </Button>
    );
  }
  return (
    <section className="card step-away" aria-labelledby="step-away-heading" data-testid="step-away">
      <h2 id="step-away-heading">{t('stepAway.heading')}</h2>
      <p id="step-away-intro">{t('stepAway.intro')}</p>
      <RadioGroup
        value={minutes}
        onChange={setMinutes}
        className="react-aria-RadioGroup step-away__minutes"
        aria-describedby="step-away-intro"
      >
        <Label className="step-away__label">{t('stepAway.minutes')}</Label>
        <div className="step-away__options">
          {MINUTES.map((m) => (
            <Radio key={m} value={String(m)} className="choice-tile">
              {t('stepAway.inMinutes', { count: m })}
            </Radio>
          ))}
        </div>
      </RadioGroup>
      <div className="actions">
        <Button onPress={() => onStepAway(Number(minutes))} isDisabled={busy}>
          {t('stepAway.confirm')}
        </Button>
        <Button data-variant="secondary" onPress={() => setOpen(false)} isDisabled={busy}>
          {t('stepAway.cancel')}
        </Button>
      </div>
    </section>
  );
}
