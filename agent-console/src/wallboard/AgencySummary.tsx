import { useTranslation } from 'react-i18next';
import { formatPercent } from '../reports/locale-format.js';
import type { Names } from '../shared/names.js';
import { formatDuration } from '../shared/time.js';
import { Flags } from './Flags.js';
import type { LiveFigures } from './live-figures.js';
import { queueFlags, SERVICE_LEVEL_GOAL_PCT } from './thresholds.js';

/**
 * The headline figures of each agency, as of this second: attention first, then waiting now, the
 * longest wait against the target, service level now and today, abandonment and specialists.
 * A figure past its threshold says so in words beside it, with a symbol.
 */
export function AgencySummary({ agencies, names }: { agencies: LiveFigures[]; names: Names }) {
  return (
    <div className="agencies-now">
      {agencies.map((f) => (
        <AgencyCard key={f.agency} figures={f} names={names} />
      ))}
    </div>
  );
}

function AgencyCard({ figures: f, names }: { figures: LiveFigures; names: Names }) {
  const { t, i18n } = useTranslation();
  const flags = queueFlags(f);
  const headingId = `agency-now-${f.agency}`;
  const waitOver = flags.includes('wait-over-target');
  const level = (value: number | undefined) => {
    const low = value !== undefined && value < SERVICE_LEVEL_GOAL_PCT;
    return (
      <>
        <span className="headline__value">{formatPercent(value, i18n.language)}</span>
        <Threshold
          over={low}
          text={t(low ? 'wallboard.belowGoal' : 'wallboard.goal', {
            goal: formatPercent(SERVICE_LEVEL_GOAL_PCT, i18n.language),
          })}
        />
      </>
    );
  };
  return (
    <section className="card agency-now" aria-labelledby={headingId} data-flagged={flags.length > 0 || undefined}>
      <h3 id={headingId}>{names.agency(f.agency)}</h3>
      <div className="agency-now__attention">
        <span className="visually-hidden">{t('wallboard.attention')}: </span>
        <Flags flags={flags} />
      </div>
      <dl className="headline">
        <div>
          <dt>{t('wallboard.waitingNow')}</dt>
          <dd>
            <span className="headline__value">{f.waiting}</span>
            {f.overTarget > 0 && <Threshold over text={t('wallboard.overTargetCount', { count: f.overTarget })} />}
          </dd>
        </div>
        <div>
          <dt>{t('wallboard.longestWait')}</dt>
          <dd>
            <span className="headline__value">{f.waiting > 0 ? formatDuration(f.longestWaitSeconds) : '–'}</span>
            <Threshold
              over={waitOver}
              text={t(waitOver ? 'wallboard.overTarget' : 'wallboard.targetTime', {
                time: formatDuration(f.targetSeconds),
              })}
            />
          </dd>
        </div>
        <div>
          <dt>{t('wallboard.serviceLevelNow')}</dt>
          <dd>{level(f.serviceLevelNow)}</dd>
        </div>
        <div>
          <dt>{t('wallboard.serviceLevelToday')}</dt>
          <dd>{level(f.serviceLevelToday)}</dd>
        </div>
        <div>
          <dt>{t('wallboard.abandonment')}</dt>
          <dd>
            <span className="headline__value">{formatPercent(f.abandonmentPct, i18n.language)}</span>
            <span className="small muted block">{t('wallboard.abandonedCount', { count: f.abandoned })}</span>
          </dd>
        </div>
        <div>
          <dt>{t('wallboard.specialists')}</dt>
          <dd className="small">
            {t('wallboard.expertsSummary', { available: f.available, working: f.working, away: f.away })}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** The threshold beside a figure: "⚠ over the target" in words when crossed, else the target itself. */
export function Threshold({ over, text }: { over: boolean; text: string }) {
  return over ? (
    <span className="threshold threshold--over block">
      <span aria-hidden="true">⚠ </span>
      {text}
    </span>
  ) : (
    <span className="threshold small muted block">{text}</span>
  );
}
