import type { SupervisionHistory } from '@etapiste/protocol';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatLocale, formatNumber, formatPercent } from '../reports/locale-format.js';
import { hourSeries, waitSeries } from './history-series.js';
import { SERVICE_LEVEL_GOAL_PCT } from './thresholds.js';

const BLUE = '#1a5a9e';
const BROWN = '#8a4b00';

/**
 * The day in two charts: waiting customers and the longest wait over the day, and the service level
 * per hour against the goal. Each has a caption and a sentence summary for screen readers; the lines
 * differ by dash as well as colour. Numbers, percentages and times are written the reader's way
 * (a decimal comma in Finnish and Swedish).
 */
export function Charts({ history, agency }: { history: SupervisionHistory | undefined; agency: string | undefined }) {
  const { t, i18n } = useTranslation();
  const waits = waitSeries(history, agency);
  const hours = hourSeries(history, agency);
  const locale = formatLocale(i18n.language);
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Helsinki' });
  const hour = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Helsinki' });
  const number = (v: unknown) => (typeof v === 'number' ? formatNumber(v, i18n.language) : String(v ?? ''));
  const percent = (v: unknown) => (typeof v === 'number' ? formatPercent(v, i18n.language) : '–');
  const peak = waits.reduce((max, p) => Math.max(max, p.waiting), 0);
  const answered = hours.reduce((sum, h) => sum + h.answered, 0);

  return (
    <div className="charts">
      <figure className="card chart" aria-labelledby="chart-waits-caption">
        <figcaption id="chart-waits-caption">
          <h3>{t('wallboard.chartWaits')}</h3>
          <p className="small muted">{t('wallboard.chartWaitsSummary', { peak })}</p>
        </figcaption>
        <div className="chart__body" aria-hidden="true">
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={waits} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="at"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(v: number) => time.format(v)}
              />
              <YAxis yAxisId="count" allowDecimals={false} tickFormatter={number} />
              <YAxis
                yAxisId="minutes"
                orientation="right"
                tickFormatter={(v: number) => formatNumber(v, i18n.language, 2)}
              />
              <Tooltip labelFormatter={(v) => time.format(Number(v))} formatter={number} />
              <Legend />
              <Line
                yAxisId="count"
                type="stepAfter"
                dataKey="waiting"
                name={t('wallboard.waiting')}
                stroke={BLUE}
                strokeWidth={2}
                dot={waits.length < 3}
                isAnimationActive={false}
              />
              <Line
                yAxisId="minutes"
                type="monotone"
                dataKey="longestMinutes"
                name={t('wallboard.longestWaitMinutes')}
                stroke={BROWN}
                strokeWidth={2}
                strokeDasharray="6 4"
                dot={waits.length < 3}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="card chart" aria-labelledby="chart-sl-caption">
        <figcaption id="chart-sl-caption">
          <h3>{t('wallboard.chartServiceLevel')}</h3>
          <p className="small muted">
            {t('wallboard.chartServiceLevelSummary', {
              answered,
              goal: formatPercent(SERVICE_LEVEL_GOAL_PCT, i18n.language),
            })}
          </p>
        </figcaption>
        <div className="chart__body" aria-hidden="true">
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={hours} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="at" tickFormatter={(v: number) => hour.format(v)} />
              <YAxis domain={[0, 100]} tickFormatter={percent} />
              <Tooltip labelFormatter={(v) => hour.format(Number(v))} formatter={percent} />
              <Legend />
              <ReferenceLine y={SERVICE_LEVEL_GOAL_PCT} stroke={BROWN} strokeDasharray="6 4" />
              <Bar
                dataKey="serviceLevelPct"
                name={t('wallboard.serviceLevel')}
                fill={BLUE}
                maxBarSize={48}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
