import type { SignalingClient } from '@etapiste/call-client';
import type { AgendaDay, Principal } from '@etapiste/protocol';
import { ErrorMessage, localeOf } from '@etapiste/ui';
import { useCallback, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';

interface Props {
  client: SignalingClient | undefined;
  principal: Principal;
  names: Names;
}

/** Local `YYYY-MM-DD` of today in the reader's zone (the date input's format). */
export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * The specialist's day (`agenda:day`): their appointments and published shifts, publishing a
 * shift for one of their skills (`shift:publish`), removing one without bookings, and a secret
 * calendar address for their calendar app (`agenda:feed`). Shown below their work, collapsed.
 */
export function MyDay({ client, principal, names }: Props) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
  const [date, setDate] = useState(todayIso());
  const [day, setDay] = useState<AgendaDay>();
  const [error, setError] = useState<unknown>();
  /** The key of what was just done, translated when shown (the language may change after). */
  const [status, setStatus] = useState<string>();
  const [feed, setFeed] = useState<string>();
  const skills = principal.skills ?? [];
  const [skill, setSkill] = useState(skills[0] ? `${skills[0].agency}:${skills[0].language}` : '');
  const [starts, setStarts] = useState('09:00');
  const [ends, setEnds] = useState('12:00');
  const [slotMinutes, setSlotMinutes] = useState(30);

  const load = useCallback(async () => {
    if (!client || !date) return;
    try {
      setDay(await client.request('agenda:day', { date }));
    } catch (failure) {
      setError(failure);
    }
  }, [client, date]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<string | undefined>) => {
    setError(undefined);
    setStatus(undefined);
    try {
      setStatus(await work());
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <details className="card my-day" data-testid="my-day">
      <summary>
        <h2 className="my-day__heading">{t('bookings.myDay')}</h2>
      </summary>
      <div className="field">
        <label htmlFor="my-day-date">{t('bookings.date')}</label>
        <input id="my-day-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </div>
      <ErrorMessage error={error} />
      <p role="status" className="muted" hidden={!status}>
        {status && t(status)}
      </p>

      <h3>{t('bookings.bookingsHeading')}</h3>
      {day?.bookings.length === 0 && <p>{t('bookings.noBookings')}</p>}
      <ul>
        {day?.bookings.map((b) => (
          <li key={b.bookingId} data-state={b.state}>
            <strong>
              {time(b.startsAt)}–{time(b.endsAt)}
            </strong>{' '}
            {names.agency(b.agency)}, {t(`common:language.in.${b.language}`)}
            {b.topic && <>, {names.topic(b.agency, b.topic)}</>} – {names.point(b.pointId)}
            {b.interpreterLanguage && <>, {t('bookings.interpreter', { language: b.interpreterLanguage })}</>} (
            {t(`bookings.state.${b.state}`)})
          </li>
        ))}
      </ul>

      <h3>{t('bookings.shiftsHeading')}</h3>
      {day?.shifts.length === 0 && <p>{t('bookings.noShifts')}</p>}
      <ul>
        {day?.shifts.map((s) => {
          const words = {
            from: time(s.startsAt),
            to: time(s.endsAt),
            agency: names.agency(s.agency),
            inLanguage: t(`common:language.in.${s.language}`),
            minutes: s.slotMinutes,
            booked: s.booked,
          };
          return (
            <li key={s.shiftId} className="row">
              <span>{t('bookings.shiftLine', words)}</span>
              <Button
                data-variant="secondary"
                aria-label={t('bookings.removeShiftLabel', words)}
                onPress={() =>
                  void act(async () => {
                    await client?.request('shift:remove', { shiftId: s.shiftId });
                    return 'bookings.removed';
                  })
                }
              >
                {t('bookings.removeShift')}
              </Button>
            </li>
          );
        })}
      </ul>

      {skills.length > 0 && (
        <form
          aria-labelledby="publish-heading"
          onSubmit={(event) => {
            event.preventDefault();
            const [agency, language] = skill.split(':');
            if (!agency || !language) return;
            void act(async () => {
              await client?.request('shift:publish', {
                agency,
                language: language as 'fi' | 'sv' | 'en',
                date,
                starts,
                ends,
                slotMinutes,
              });
              return 'bookings.published';
            });
          }}
        >
          <h3 id="publish-heading">{t('bookings.publishHeading')}</h3>
          <div className="row">
            <div className="field">
              <label htmlFor="shift-skill">{t('bookings.skill')}</label>
              <select id="shift-skill" value={skill} onChange={(e) => setSkill(e.target.value)}>
                {skills.map((s) => (
                  <option key={`${s.agency}:${s.language}`} value={`${s.agency}:${s.language}`}>
                    {names.agency(s.agency)}, {t(`common:language.in.${s.language}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="shift-starts">{t('bookings.starts')}</label>
              <input
                id="shift-starts"
                type="time"
                value={starts}
                required
                onChange={(e) => setStarts(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="shift-ends">{t('bookings.ends')}</label>
              <input id="shift-ends" type="time" value={ends} required onChange={(e) => setEnds(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="shift-slot">{t('bookings.slotMinutes')}</label>
              <input
                id="shift-slot"
                type="number"
                min={5}
                max={240}
                step={5}
                value={slotMinutes}
                onChange={(e) => setSlotMinutes(Number(e.target.value))}
              />
            </div>
          </div>
          <div className="actions">
            <Button type="submit">{t('bookings.publish')}</Button>
          </div>
        </form>
      )}

      <h3>{t('bookings.feed')}</h3>
      <p className="muted">{t('bookings.feedHelp')}</p>
      {feed && (
        <div className="field field--wide">
          <label htmlFor="agenda-feed">{t('bookings.feed')}</label>
          <input id="agenda-feed" readOnly value={feed} onFocus={(e) => e.target.select()} />
        </div>
      )}
      <Button
        data-variant="secondary"
        onPress={() =>
          void act(async () => {
            const made = await client?.request('agenda:feed', {});
            if (made) setFeed(new URL(made.path, window.location.origin).toString());
            return undefined;
          })
        }
      >
        {t('bookings.feedButton')}
      </Button>
    </details>
  );
}
