import type { SignalingClient } from '@etapiste/call-client';
import type { BookingOverview as Overview } from '@etapiste/protocol';
import { ErrorMessage, localeOf } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { TableScroll } from '../shared/TableScroll.js';
import { todayIso } from './MyDay.js';

/** How often the open view asks again (no-shows and arrivals change through the day). */
const REFRESH_MS = 30_000;

/**
 * The supervisor's appointments beside the queue (`booking:overview`): the day's figures per
 * agency × language by state (no-shows counted), and the day's bookings of their agencies.
 */
export function BookingOverview({ client, names }: { client: SignalingClient | undefined; names: Names }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string) =>
    new Intl.DateTimeFormat(localeOf(i18n.language), { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
  const [date, setDate] = useState(todayIso());
  const [overview, setOverview] = useState<Overview>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!client || !date) return;
    let current = true;
    const load = () =>
      client.request('booking:overview', { date }).then(
        (data) => current && setOverview(data),
        (failure: unknown) => current && setError(failure),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [client, date]);

  return (
    <section aria-labelledby="booking-overview-heading" className="booking-overview" data-testid="booking-overview">
      <h2 id="booking-overview-heading">{t('bookings.overviewHeading')}</h2>
      <div className="field">
        <label htmlFor="booking-overview-date">{t('bookings.date')}</label>
        <input id="booking-overview-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </div>
      <ErrorMessage error={error} />
      <TableScroll labelledBy="booking-figures-caption">
        <table className="figures">
          <caption id="booking-figures-caption">{t('bookings.figuresCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bookings.columns.agency')}</th>
              <th scope="col">{t('bookings.columns.language')}</th>
              <th scope="col">{t('bookings.columns.booked')}</th>
              <th scope="col">{t('bookings.columns.arrived')}</th>
              <th scope="col">{t('bookings.columns.served')}</th>
              <th scope="col">{t('bookings.columns.noShow')}</th>
              <th scope="col">{t('bookings.columns.cancelled')}</th>
            </tr>
          </thead>
          <tbody>
            {overview?.figures.map((f) => (
              <tr key={`${f.agency}:${f.language}`}>
                <th scope="row">{names.agency(f.agency)}</th>
                <td>{t(`common:language.name.${f.language}`)}</td>
                <td>{f.booked}</td>
                <td>{f.arrived}</td>
                <td>{f.served}</td>
                <td>{f.noShow}</td>
                <td>{f.cancelled}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <TableScroll labelledBy="booking-list-caption">
        <table className="figures">
          <caption id="booking-list-caption">{t('bookings.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bookings.columns.time')}</th>
              <th scope="col">{t('bookings.columns.agency')}</th>
              <th scope="col">{t('bookings.columns.language')}</th>
              <th scope="col">{t('bookings.columns.point')}</th>
              <th scope="col">{t('bookings.columns.expert')}</th>
              <th scope="col">{t('bookings.columns.state')}</th>
            </tr>
          </thead>
          <tbody>
            {overview?.bookings.map((b) => (
              <tr key={b.bookingId} data-state={b.state}>
                <th scope="row">
                  {time(b.startsAt)}–{time(b.endsAt)}
                </th>
                <td>{names.agency(b.agency)}</td>
                <td>{t(`common:language.name.${b.language}`)}</td>
                <td>{names.point(b.pointId)}</td>
                <td>{b.expertName}</td>
                <td>{t(`bookings.state.${b.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
