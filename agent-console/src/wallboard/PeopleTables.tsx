import type { PointRow, SupervisionSnapshot } from '@etapiste/protocol';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { TableScroll } from '../shared/TableScroll.js';
import { formatDuration, secondsSince } from '../shared/time.js';

/** Specialists with their state and how long they have been in it. */
export function ExpertsTable({ lists, names, now }: { lists: SupervisionSnapshot; names: Names; now: number }) {
  const { t } = useTranslation();
  const order = ['offered', 'in-session', 'wrap-up', 'available', 'away', 'offline'];
  const experts = [...lists.experts].sort(
    (a, b) => order.indexOf(a.state) - order.indexOf(b.state) || a.displayName.localeCompare(b.displayName),
  );
  return (
    <TableScroll labelledBy="experts-caption">
      <table className="figures">
        <caption id="experts-caption">{t('wallboard.expertsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wallboard.name')}</th>
            <th scope="col">{t('wallboard.state')}</th>
            <th scope="col">{t('wallboard.timeInState')}</th>
            <th scope="col">{t('wallboard.skills')}</th>
          </tr>
        </thead>
        <tbody>
          {experts.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.displayName}</th>
              <td>
                <span className={`state state--${e.state}`}>{t(`home.state.${e.state}`)}</span>
                {e.reason ? ` – ${t(`home.reason.${e.reason}`)}` : ''}
              </td>
              <td className="num">
                {e.since && e.state !== 'offline' ? formatDuration(secondsSince(e.since, now)) : '–'}
              </td>
              <td className="small">
                {e.skills
                  .map((s) =>
                    t('wallboard.queueName', {
                      agency: names.agency(s.agency),
                      language: t(`wallboard.language.${s.language}`),
                    }),
                  )
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Service points: connected or not, and what their customer is doing. */
export function PointsTable({ lists, names, now }: { lists: SupervisionSnapshot; names: Names; now: number }) {
  const { t } = useTranslation();
  const activity = (p: PointRow) => {
    const queue =
      p.agency && p.language
        ? ` – ${t('wallboard.queueName', { agency: names.agency(p.agency), language: t(`wallboard.language.${p.language}`) })}`
        : '';
    return `${t(`wallboard.activity.${p.activity}`)}${queue}`;
  };
  return (
    <TableScroll labelledBy="points-caption">
      <table className="figures">
        <caption id="points-caption">{t('wallboard.pointsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wallboard.point')}</th>
            <th scope="col">{t('wallboard.connection')}</th>
            <th scope="col">{t('wallboard.activityHeading')}</th>
            <th scope="col">{t('wallboard.since')}</th>
          </tr>
        </thead>
        <tbody>
          {lists.points.map((p) => (
            <tr key={p.id}>
              <th scope="row">{names.point(p.id)}</th>
              <td>
                <span aria-hidden="true">{p.connected ? '● ' : '○ '}</span>
                {p.connected ? t('wallboard.connected') : t('wallboard.disconnected')}
              </td>
              <td>{activity(p)}</td>
              <td className="num">
                {p.since && p.activity !== 'idle' ? formatDuration(secondsSince(p.since, now)) : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
