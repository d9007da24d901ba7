import { ChoosableAwayReason, type ServerPayload } from '@etapiste/protocol';
import { useState } from 'react';
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** The specialist's own availability: available, or away with a reason; said in words as it changes. */
export function PresenceControls(props: {
  presence: ServerPayload<'presence:changed'> | undefined;
  disabled: boolean;
  onChoose: (state: 'available' | 'away', reason?: ChoosableAwayReason) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<ChoosableAwayReason>('break');
  const current = props.presence?.state ?? 'offline';

  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('home.status')}</h2>
      <p role="status" aria-live="polite">
        {/* Signed in but not yet available or away: "not available", never "not signed in". */}
        <strong>{current === 'offline' ? t('home.notAvailable') : t(`home.state.${current}`)}</strong>
        {props.presence?.reason ? ` – ${t(`home.reason.${props.presence.reason}`)}` : ''}
      </p>
      <div className="row">
        <Button isDisabled={props.disabled || current === 'available'} onPress={() => props.onChoose('available')}>
          {t('home.available')}
        </Button>
        <Select
          className="field"
          selectedKey={reason}
          onSelectionChange={(key) => setReason(key as ChoosableAwayReason)}
          isDisabled={props.disabled}
        >
          <Label>{t('home.awayReason')}</Label>
          <Button data-variant="secondary">
            <SelectValue />
            <span aria-hidden="true"> ▾</span>
          </Button>
          <Popover>
            <ListBox className="listbox">
              {ChoosableAwayReason.options.map((id) => (
                <ListBoxItem key={id} id={id} className="listbox__item">
                  {t(`home.reason.${id}`)}
                </ListBoxItem>
              ))}
            </ListBox>
          </Popover>
        </Select>
        <Button data-variant="secondary" isDisabled={props.disabled} onPress={() => props.onChoose('away', reason)}>
          {t('home.setAway')}
        </Button>
      </div>
    </section>
  );
}
