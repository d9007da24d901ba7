import type { QueueMetrics } from '@etapiste/protocol';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../reports/locale-format.js';
import type { Names } from '../shared/names.js';
import { TableScroll } from '../shared/TableScroll.js';
import { formatDuration } from '../shared/time.js';
import { Threshold } from './AgencySummary.js';
import { Flags } from './Flags.js';
import { queueFigures } from './live-figures.js';
import { queueFlags, SERVICE_LEVEL_GOAL_PCT } from './thresholds.js';

/**
 * Live figures per agency × language as of `now` (the server's clock), queues needing attention
 * first. The attention column comes first so that it is never the part scrolled out of sight; on a
 * screen narrower than 1200 px the average speed of answer, the denied demand (both in the reports)
 * and the specialists per language (per agency on the cards above) make room for the rest.
 */
export function QueueTable({ queues, names, now }: { queues: QueueMetrics[]; names: Names; now: number }) {
  const { t, i18n } = useTranslation();
  const rows = queues
    .map((q) => {
      const figures = queueFigures(q, now);
      return { q, figures, flags: queueFlags(figures) };
    })
    .sort(
      (a, b) =>
        Number(b.flags.length > 0) - Number(a.flags.length > 0) ||
        names.agency(a.q.agency).localeCompare(names.agency(b.q.agency), i18n.language) ||
        a.q.language.localeCompare(b.q.language),
    );
  const percent = (value: number | undefined) => (
    <>
      {formatPercent(value, i18n.language)}
      {value !== undefined && value < SERVICE_LEVEL_GOAL_PCT && (
        <Threshold
          over
          text={t('wallboard.belowGoal', { goal: formatPercent(SERVICE_LEVEL_GOAL_PCT, i18n.language) })}
        />
      )}
    </>
  );
  return (
    <TableScroll labelledBy="queues-caption">
      <table className="figures figures--queues">
        <caption id="queues-caption">{t('wallboard.queuesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wallboard.attention')}</th>
            <th scope="col">{t('wallboard.queue')}</th>
            <th scope="col">{t('wallboard.waiting')}</th>
            <th scope="col">{t('wallboard.longestWait')}</th>
            <th scope="col">{t('wallboard.serviceLevelNow')}</th>
            <th scope="col">{t('wallboard.serviceLevelToday')}</th>
            <th scope="col" className="secondary">
              {t('wallboard.asa')}
            </th>
            <th scope="col">{t('wallboard.answered')}</th>
            <th scope="col">{t('wallboard.abandoned')}</th>
            <th scope="col" className="secondary">
              {t('wallboard.denied')}
            </th>
            <th scope="col" className="secondary">
              {t('wallboard.specialistsColumn')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ q, figures: f, flags }) => (
            <tr key={`${q.agency}:${q.language}`} data-flagged={flags.length > 0 || undefined}>
              <td>
                <Flags flags={flags} />
              </td>
              <th scope="row">
                {t('wallboard.queueName', {
                  agency: names.agency(q.agency),
                  language: t(`wallboard.language.${q.language}`),
                })}
              </th>
              <td className="num">{q.waiting}</td>
              <td className="num">
                {q.waiting > 0 ? formatDuration(f.longestWaitSeconds) : '–'}
                <Threshold
                  over={flags.includes('wait-over-target')}
                  text={t(flags.includes('wait-over-target') ? 'wallboard.overTarget' : 'wallboard.targetTime', {
                    time: formatDuration(q.serviceLevelTargetSeconds),
                  })}
                />
              </td>
              <td className="num">{percent(f.serviceLevelNow)}</td>
              <td className="num">{percent(f.serviceLevelToday)}</td>
              <td className="num secondary">{q.asaSeconds !== undefined ? formatDuration(q.asaSeconds) : '–'}</td>
              <td className="num">{q.answered}</td>
              <td className="num">{f.abandoned}</td>
              <td className="num secondary">{q.denied}</td>
              <td className="num secondary">{`${f.available} / ${f.working} / ${f.away}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
