/**
 * The session's chat, the same at the point and in the console: a log read out politely as
 * messages arrive (`role="log"`), who wrote each and when in the reader's locale, and one field
 * with a send button (Enter sends). Links are shown as text to copy, never opened from here.
 */
import { CHAT_TEXT_MAX, type ChatMessage } from '@etapiste/protocol';
import { useEffect, useRef, useState } from 'react';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../ErrorMessage.js';
import { localeOf } from '../i18n.js';
import type { Chat } from './useChat.js';

export function ChatPanel({
  chat,
  self,
  headingLevel = 2,
}: {
  chat: Chat;
  /** Which side this page is: its own messages read "you". */
  self: ChatMessage['from'];
  headingLevel?: 2 | 3;
}) {
  const { t, i18n } = useTranslation('common');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const end = useRef<HTMLLIElement>(null);
  const time = new Intl.DateTimeFormat(localeOf(i18n.language), {
    hour: 'numeric',
    minute: '2-digit',
    // The service's clock, as everywhere in Etäpiste (the point's and the specialist's are the same).
    timeZone: 'Europe/Helsinki',
  });
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  const count = chat.messages.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [count]);

  return (
    <section className="chat card card--compact" aria-labelledby="chat-heading">
      <Heading id="chat-heading">{t('chat.heading')}</Heading>
      <div className="chat__log" role="log" aria-live="polite" aria-label={t('chat.log')}>
        <ol className="chat__list">
          {chat.messages.length === 0 && <li className="chat__empty">{t('chat.empty')}</li>}
          {chat.messages.map((m) => (
            <li key={m.messageId} className="chat__message" data-from={m.from === self ? 'self' : 'other'}>
              <span className="chat__who">
                {m.from === self ? t('chat.you') : m.name} · <time dateTime={m.at}>{time.format(new Date(m.at))}</time>
              </span>
              <span className="chat__text">{m.text}</span>
            </li>
          ))}
          <li ref={end} aria-hidden="true" className="chat__end" />
        </ol>
      </div>
      <Form
        className="chat__form"
        onSubmit={(event) => {
          event.preventDefault();
          const message = text.trim();
          if (!message || busy) return;
          setBusy(true);
          setError(undefined);
          chat
            .send(message)
            .then(() => setText(''), setError)
            .finally(() => setBusy(false));
        }}
      >
        <TextField className="field chat__field" value={text} onChange={setText} maxLength={CHAT_TEXT_MAX}>
          <Label>{t('chat.input')}</Label>
          <Input autoComplete="off" />
        </TextField>
        <Button type="submit" isDisabled={busy || text.trim() === ''}>
          {t('chat.send')}
        </Button>
      </Form>
      <ErrorMessage error={error} />
    </section>
  );
}
