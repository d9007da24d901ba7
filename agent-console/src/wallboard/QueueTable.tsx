import type { QueueMetrics } from '@etapiste/protocol';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { TableScroll } from '../shared/TableScroll.js';
import { formatDuration } from '../shared/time.js';
import { queueFlags } from './thresholds.js';

/** Live figures per agency × language; a queue needing attention says so in words and with an icon. */
export function QueueTable({ queues, names }: { queues: QueueMetrics[]; names: Names }) {
  const { t } = useTranslation();
  const sorted = [...queues].sort(
    (a, b) => names.agency(a.agency).localeCompare(names.agency(b.agency)) || a.language.localeCompare(b.language),
  );
  return (
    <TableScroll labelledBy="queues-caption">
      <table className="figures">
        <caption id="queues-caption">{t('wallboard.queuesCaption')}</caption>
        <colgroup span={8} />
        <colgroup span={3} />
        <colgroup span={1} />
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t('wallboard.queue')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('wallboard.waiting')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('wallboard.longestWait')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('wallboard.asa')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('wallboard.serviceLevel')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('wallboard.answered')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('wallboard.abandoned')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('wallboard.denied')}
            </th>
            <th scope="colgroup" colSpan={3} className="group">
              {t('wallboard.specialists')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('wallboard.attention')}
            </th>
          </tr>
          <tr>
            <th scope="col">{t('wallboard.expertsAvailable')}</th>
            <th scope="col">{t('wallboard.expertsBusy')}</th>
            <th scope="col">{t('wallboard.expertsAway')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((q) => {
            const flags = queueFlags(q);
            return (
              <tr key={`${q.agency}:${q.language}`} data-flagged={flags.length > 0 || undefined}>
                <th scope="row">
                  {names.agency(q.agency)} – <span lang={q.language}>{t(`common:languageName.${q.language}`)}</span>
                </th>
                <td className="num">{q.waiting}</td>
                <td className="num" data-alert={flags.includes('wait-over-target') || undefined}>
                  {formatDuration(q.longestWaitSeconds)}
                </td>
                <td className="num">{q.asaSeconds !== undefined ? formatDuration(q.asaSeconds) : '–'}</td>
                <td className="num" data-alert={flags.includes('service-level-low') || undefined}>
                  {q.serviceLevelPct !== undefined ? `${Math.round(q.serviceLevelPct)} %` : '–'}
                  <span className="muted small block">
                    {t('wallboard.target', { seconds: q.serviceLevelTargetSeconds })}
                  </span>
                </td>
                <td className="num">{q.answered}</td>
                <td className="num">{q.abandoned}</td>
                <td className="num">{q.denied}</td>
                <td className="num">{q.experts.available}</td>
                <td className="num">{q.experts.offered + q.experts['in-session'] + q.experts['wrap-up']}</td>
                <td className="num">{q.experts.away}</td>
                <td>
                  {flags.length === 0 ? (
                    <span className="small muted">{t('wallboard.ok')}</span>
                  ) : (
                    <ul className="flags">
                      {flags.map((flag) => (
                        <li key={flag} className="flag">
                          <span aria-hidden="true">⚠ </span>
                          {t(`wallboard.flag.${flag}`)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
