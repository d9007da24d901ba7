import type { CallClientError } from '@etapiste/call-client';
import { ErrorMessage } from '@etapiste/ui';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.js';

interface Props {
  reason: 'interrupted' | 'time-limit';
  busy: boolean;
  error: CallClientError | undefined;
  onRequeue: () => void;
  onFinish: () => void;
}

/**
 * The call ended without the specialist (their connection did not come back, or the call reached
 * its maximum length). Not the customer's doing, so the first choice is to queue again at the
 * head of the same queue; the other ends the visit with the feedback.
 */
export function InterruptedScreen({ reason, busy, error, onRequeue, onFinish }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="interrupted-heading" className="interrupted">
      <ScreenHeading id="interrupted-heading">{t('interrupted.heading')}</ScreenHeading>
      <p role="status">{t(`interrupted.body.${reason}`)}</p>
      <div className="actions">
        <Button onPress={onRequeue} isDisabled={busy}>
          {t('interrupted.requeue')}
        </Button>
        <Button data-variant="secondary" onPress={onFinish} isDisabled={busy}>
          {t('interrupted.finish')}
        </Button>
      </div>
      <ErrorMessage error={error} />
    </section>
  );
}
