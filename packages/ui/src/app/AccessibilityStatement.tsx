/**
 * The accessibility statement (laki 306/2019) in the reader's language, in a dialog over whatever
 * screen is open: the visit, call or sign-in underneath stays as it was. It has an address of its
 * own (`#accessibility`), so it can be linked to and opened directly; the footer of every screen
 * links to it (AppFrame).
 */
import { useEffect, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../i18n.js';
import { ACCESSIBILITY_FEEDBACK_EMAIL, STATEMENT_DATE, SUPERVISOR } from '../locales/accessibility-statement.js';

export const STATEMENT_HASH = '#accessibility';

const isOpenNow = () => typeof location !== 'undefined' && location.hash === STATEMENT_HASH;

/** The footer link: opens the statement without leaving the screen. */
export function AccessibilityStatementLink() {
  const { t } = useTranslation('common');
  return (
    <a
      href={STATEMENT_HASH}
      onClick={(event) => {
        event.preventDefault();
        // An entry of its own in the history: Back closes the statement.
        history.pushState({ statement: true }, '', STATEMENT_HASH);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      }}
    >
      {t('footer.accessibility')}
    </a>
  );
}

/** Open while the address ends in `#accessibility`. */
export function AccessibilityStatementDialog() {
  const [open, setOpen] = useState(isOpenNow);
  useEffect(() => {
    const follow = () => setOpen(isOpenNow());
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    return () => {
      window.removeEventListener('hashchange', follow);
      window.removeEventListener('popstate', follow);
    };
  }, []);

  const close = () => {
    setOpen(false);
    if (history.state?.statement) history.back();
    else history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  };

  return (
    <ModalOverlay
      isOpen={open}
      isDismissable
      onOpenChange={(next) => {
        if (!next) close();
      }}
      className="statement-overlay"
    >
      <Modal className="statement-modal">
        <Dialog className="statement">
          <AccessibilityStatement onClose={close} />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

function AccessibilityStatement({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation('statement');
  const list = (key: string) => t(key, { returnObjects: true }) as string[];
  const date = new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${STATEMENT_DATE}T00:00:00Z`),
  );
  return (
    <>
      <div className="statement__top">
        <Heading slot="title" level={2}>
          {t('title')}
        </Heading>
        <Button data-variant="secondary" onPress={onClose}>
          {t('close')}
        </Button>
      </div>
      <p>{t('scope')}</p>
      <h3>{t('statusHeading')}</h3>
      <p>{t('status')}</p>
      <h3>{t('nonConformingHeading')}</h3>
      <ul>
        {list('nonConforming').map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h3>{t('assessedHeading')}</h3>
      <ul>
        {list('assessed').map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p>{t('date', { date })}</p>
      <h3>{t('feedbackHeading')}</h3>
      <p>{t('feedback')}</p>
      <p>
        {t('feedbackEmail')}: <a href={`mailto:${ACCESSIBILITY_FEEDBACK_EMAIL}`}>{ACCESSIBILITY_FEEDBACK_EMAIL}</a>
      </p>
      <h3>{t('supervisorHeading')}</h3>
      <p>{t('supervisor')}</p>
      <address className="statement__address">
        {t('supervisorName')}
        <br />
        {t('supervisorUnit')}
        <br />
        {t('supervisorWeb')}: <a href={SUPERVISOR.web}>{SUPERVISOR.webLabel}</a>
        <br />
        {t('supervisorEmail')}: <a href={`mailto:${SUPERVISOR.email}`}>{SUPERVISOR.email}</a>
      </address>
    </>
  );
}
