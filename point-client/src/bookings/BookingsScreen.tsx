import type { SignalingClient } from '@etapiste/call-client';
import type { Booking, BookingCheckInResult, Directory, Language, Slot } from '@etapiste/protocol';
import { ErrorMessage, localeOf } from '@etapiste/ui';
import { useCallback, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.js';

interface Props {
  client: SignalingClient | undefined;
  directory: Directory;
  busy: boolean;
  /** The customer arrived and was queued: the point follows the request as any other. */
  onCheckedIn(result: BookingCheckInResult): void;
  onClose(): void;
}

/** Local `YYYY-MM-DD` of today in the reader's time zone (the date input's format). */
function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * The point's appointments: today's bookings here, each with "customer arrived" (the check-in that
 * queues the visit for the booked specialist) and a cancel; and the form that books a free slot
 * (agency, language, day, time, matter, interpreter). Times in the reader's language and zone.
 */
export function BookingsScreen({ client, directory, busy, onCheckedIn, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language as Language;
  const time = (iso: string) =>
    new Intl.DateTimeFormat(localeOf(i18n.language), { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
  const [today, setToday] = useState<Booking[]>();
  const [error, setError] = useState<unknown>();
  /** What was just done, said in the reader's language when shown (the language may change after). */
  const [status, setStatus] = useState<{ done: 'cancelled' } | { done: 'booked'; startsAt: string; agency: string }>();
  const [working, setWorking] = useState(false);

  const [agencyId, setAgencyId] = useState('');
  const agency = directory.agencies.find((a) => a.id === agencyId);
  const [language, setLanguage] = useState<Language | ''>('');
  const [date, setDate] = useState(todayIso());
  const [slots, setSlots] = useState<Slot[]>();
  const [startsAt, setStartsAt] = useState('');
  const [topic, setTopic] = useState('');
  const [interpreter, setInterpreter] = useState('');

  const reload = useCallback(async () => {
    if (!client) return;
    try {
      setToday((await client.request('booking:today', {})).bookings);
    } catch (failure) {
      setError(failure);
    }
  }, [client]);
  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    setSlots(undefined);
    setStartsAt('');
    if (!client || !agencyId || !language || !date) return;
    let current = true;
    client.request('booking:slots', { agency: agencyId, language, date }).then(
      (list) => current && setSlots(list.slots),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [client, agencyId, language, date]);

  const act = async (work: () => Promise<void>) => {
    setWorking(true);
    setError(undefined);
    setStatus(undefined);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setWorking(false);
    }
  };
  const agencyName = (id: string) => directory.agencies.find((a) => a.id === id)?.name[ui] ?? id;

  return (
    <section aria-labelledby="bookings-heading" className="bookings">
      <ScreenHeading id="bookings-heading">{t('bookings.heading')}</ScreenHeading>
      <ErrorMessage error={error} />
      <p className="notice" role="status" hidden={!status}>
        {status?.done === 'cancelled' && t('bookings.cancelled')}
        {status?.done === 'booked' &&
          t('bookings.booked', { time: time(status.startsAt), agency: agencyName(status.agency) })}
      </p>

      <section aria-labelledby="bookings-today" className="card bookings__today">
        <h2 id="bookings-today">{t('bookings.todayHeading')}</h2>
        {today?.length === 0 && <p>{t('bookings.none')}</p>}
        <ul className="bookings__list">
          {today?.map((b) => {
            const words = {
              time: time(b.startsAt),
              agency: agencyName(b.agency),
              inLanguage: t(`common:language.in.${b.language}`),
            };
            return (
              <li key={b.bookingId} className="bookings__item" data-state={b.state} data-testid="booking">
                <p>
                  <strong>{t('bookings.item', words)}</strong> – {t('bookings.withExpert', { name: b.expertName })}
                  {b.interpreterLanguage && <>, {t('bookings.interpreterNote', { language: b.interpreterLanguage })}</>}
                </p>
                <p className="muted">{t(`bookings.state.${b.state}`)}</p>
                {b.state === 'booked' && (
                  <div className="actions">
                    <Button
                      className="react-aria-Button"
                      aria-label={t('bookings.arrivedLabel', words)}
                      isDisabled={busy || working}
                      onPress={() =>
                        void act(async () => {
                          if (!client) return;
                          const result = await client.request('booking:check-in', { bookingId: b.bookingId });
                          onCheckedIn(result);
                        })
                      }
                    >
                      {t('bookings.arrived')}
                    </Button>
                    <Button
                      data-variant="secondary"
                      aria-label={t('bookings.cancelLabel', words)}
                      isDisabled={busy || working}
                      onPress={() =>
                        void act(async () => {
                          if (!client) return;
                          await client.request('booking:cancel', { bookingId: b.bookingId });
                          setStatus({ done: 'cancelled' });
                          await reload();
                        })
                      }
                    >
                      {t('bookings.cancel')}
                    </Button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <form
        className="card bookings__form"
        aria-labelledby="bookings-form-heading"
        onSubmit={(event) => {
          event.preventDefault();
          if (!client || !agencyId || !language || !startsAt) return;
          void act(async () => {
            const booked = await client.request('booking:create', {
              agency: agencyId,
              language,
              startsAt,
              ...(topic ? { topic } : {}),
              ...(interpreter.trim() ? { interpreterLanguage: interpreter.trim().toLowerCase() } : {}),
            });
            setStatus({ done: 'booked', startsAt: booked.startsAt, agency: booked.agency });
            setStartsAt('');
            setInterpreter('');
            setTopic('');
            setSlots((list) => list?.filter((s) => s.startsAt !== booked.startsAt || s.free > 1));
            await reload();
          });
        }}
      >
        <h2 id="bookings-form-heading">{t('bookings.formHeading')}</h2>
        <div className="field">
          <label htmlFor="booking-agency">{t('bookings.agency')}</label>
          <select
            id="booking-agency"
            value={agencyId}
            required
            onChange={(e) => {
              setAgencyId(e.target.value);
              setTopic('');
              setLanguage('');
            }}
          >
            <option value="">{t('bookings.choose')}</option>
            {directory.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name[ui]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="booking-language">{t('bookings.language')}</label>
          <select
            id="booking-language"
            value={language}
            required
            disabled={!agency}
            onChange={(e) => setLanguage(e.target.value as Language | '')}
          >
            <option value="">{t('bookings.choose')}</option>
            {agency?.languages.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`common:languageName.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="booking-date">{t('bookings.date')}</label>
          <input
            id="booking-date"
            type="date"
            value={date}
            min={todayIso()}
            required
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="booking-slot">{t('bookings.slot')}</label>
          <select
            id="booking-slot"
            value={startsAt}
            required
            disabled={!slots || slots.length === 0}
            aria-describedby={slots?.length === 0 ? 'booking-no-slots' : undefined}
            onChange={(e) => setStartsAt(e.target.value)}
          >
            <option value="">{t('bookings.choose')}</option>
            {slots?.map((s) => (
              <option key={s.startsAt} value={s.startsAt}>
                {t('bookings.slotOption', { time: time(s.startsAt), free: s.free })}
              </option>
            ))}
          </select>
          {slots?.length === 0 && (
            <p id="booking-no-slots" className="muted">
              {t('bookings.noSlots')}
            </p>
          )}
        </div>
        {agency && agency.topics.length > 0 && (
          <div className="field">
            <label htmlFor="booking-topic">{t('bookings.topic')}</label>
            <select id="booking-topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
              <option value="">{t('bookings.noTopic')}</option>
              {agency.topics.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name[ui]}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="booking-interpreter">{t('bookings.interpreter')}</label>
          <input
            id="booking-interpreter"
            value={interpreter}
            maxLength={3}
            pattern="[A-Za-z]{2,3}"
            aria-describedby="booking-interpreter-help"
            onChange={(e) => setInterpreter(e.target.value)}
          />
          <span id="booking-interpreter-help" className="muted">
            {t('bookings.interpreterHelp')}
          </span>
        </div>
        <div className="actions">
          <Button type="submit" className="react-aria-Button" isDisabled={working || !startsAt}>
            {t('bookings.book')}
          </Button>
        </div>
      </form>

      <div className="actions">
        <Button data-variant="secondary" onPress={onClose}>
          {t('bookings.close')}
        </Button>
      </div>
    </section>
  );
}
