/**
 * An agency's opening hours as administrators set them: one period per weekday (or closed), dated
 * exceptions (other hours that day, or closed all day) and whether Finnish public holidays close
 * the service. Times are Europe/Helsinki, written HH:MM; weekday and day names follow the reader.
 */
import type { OpeningHours } from '@etapiste/protocol';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatLocale } from '../reports/locale-format.js';
import type { Problems } from './field-problems.js';
import { Check, TextInput, useProblemText } from './fields.js';

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A dated exception as edited: closed all day, or open `opens`–`closes`. */
export interface ExceptionDraft {
  date: string;
  closed: boolean;
  opens: string;
  closes: string;
}

export interface HoursDraft {
  openingHours: OpeningHours;
  openingExceptions: ExceptionDraft[];
  publicHolidays: 'closed' | 'open';
}

/** A weekday's name in the reader's language (1 = Monday; 1 January 2024 was a Monday). */
function weekdayName(day: Weekday, language: string): string {
  const name = new Intl.DateTimeFormat(formatLocale(language), { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, Number(day)),
  );
  return name.charAt(0).toLocaleUpperCase(formatLocale(language)) + name.slice(1);
}

export function OpeningHoursFields(props: {
  value: HoursDraft;
  onChange: (update: (value: HoursDraft) => HoursDraft) => void;
  problems: Problems;
}) {
  const { t, i18n } = useTranslation();
  const say = useProblemText();
  const { value, problems } = props;
  const setDay = (day: Weekday, period: { opens: string; closes: string } | undefined) =>
    props.onChange((v) => {
      const { [day]: _old, ...rest } = v.openingHours;
      return { ...v, openingHours: period ? { ...rest, [day]: period } : rest };
    });
  const setException = (index: number, change: Partial<ExceptionDraft>) =>
    props.onChange((v) => ({
      ...v,
      openingExceptions: v.openingExceptions.map((e, i) => (i === index ? { ...e, ...change } : e)),
    }));
  const exceptionsProblem = problems.openingExceptions;

  return (
    <>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.hours.weekly')}</legend>
        <p className="muted small">{t('admin.hours.weeklyHint')}</p>
        <ul className="admin-hours">
          {WEEKDAYS.map((day) => {
            const period = value.openingHours[day];
            const name = weekdayName(day, i18n.language);
            return (
              <li key={day} className="admin-hours__day">
                <Check
                  isSelected={period !== undefined}
                  onChange={(open) => setDay(day, open ? { opens: '08:00', closes: '16:15' } : undefined)}
                >
                  {t('admin.hours.openOn', { day: name })}
                </Check>
                {period && (
                  <>
                    <TextInput
                      className="field field--time"
                      label={t('admin.hours.opensOn', { day: name })}
                      value={period.opens}
                      onChange={(opens) => setDay(day, { ...period, opens })}
                      problem={problems[`openingHours.${day}.opens`]}
                    />
                    <TextInput
                      className="field field--time"
                      label={t('admin.hours.closesOn', { day: name })}
                      value={period.closes}
                      onChange={(closes) => setDay(day, { ...period, closes })}
                      problem={problems[`openingHours.${day}.closes`]}
                    />
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>

      <fieldset className="admin-fieldset">
        <legend>{t('admin.hours.exceptions')}</legend>
        <p className="muted small">{t('admin.hours.exceptionsHint')}</p>
        {exceptionsProblem && <p className="error-message">{say(exceptionsProblem)}</p>}
        <ol className="admin-list">
          {value.openingExceptions.map((exception, index) => {
            const label = t('admin.hours.exception', { number: index + 1 });
            const path = `openingExceptions.${index}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the date is being typed; the row's place is its identity.
              <li key={index} className="admin-list__item admin-hours__day">
                <TextInput
                  className="field field--time"
                  type="date"
                  label={`${label}: ${t('admin.hours.date')}`}
                  value={exception.date}
                  onChange={(date) => setException(index, { date })}
                  problem={problems[`${path}.date`]}
                  isRequired
                />
                <Check isSelected={exception.closed} onChange={(closed) => setException(index, { closed })}>
                  {t('admin.hours.closedAllDay')}
                </Check>
                {!exception.closed && (
                  <>
                    <TextInput
                      className="field field--time"
                      label={`${label}: ${t('admin.hours.opens')}`}
                      value={exception.opens}
                      onChange={(opens) => setException(index, { opens })}
                      problem={problems[`${path}.hours.opens`]}
                    />
                    <TextInput
                      className="field field--time"
                      label={`${label}: ${t('admin.hours.closes')}`}
                      value={exception.closes}
                      onChange={(closes) => setException(index, { closes })}
                      problem={problems[`${path}.hours.closes`]}
                    />
                  </>
                )}
                <Button
                  data-variant="secondary"
                  onPress={() =>
                    props.onChange((v) => ({
                      ...v,
                      openingExceptions: v.openingExceptions.filter((_, i) => i !== index),
                    }))
                  }
                  aria-label={`${t('admin.remove')}: ${label}`}
                >
                  {t('admin.remove')}
                </Button>
              </li>
            );
          })}
        </ol>
        <Button
          data-variant="secondary"
          onPress={() =>
            props.onChange((v) => ({
              ...v,
              openingExceptions: [...v.openingExceptions, { date: '', closed: true, opens: '10:00', closes: '14:00' }],
            }))
          }
        >
          {t('admin.hours.addException')}
        </Button>
      </fieldset>

      <RadioGroup
        className="admin-radios"
        value={value.publicHolidays}
        onChange={(choice) => props.onChange((v) => ({ ...v, publicHolidays: choice as 'closed' | 'open' }))}
      >
        <Label className="admin-checks__label">{t('admin.hours.publicHolidays')}</Label>
        <Radio value="closed" className="radio">
          {t('admin.hours.holidaysClosed')}
        </Radio>
        <Radio value="open" className="radio">
          {t('admin.hours.holidaysOpen')}
        </Radio>
      </RadioGroup>
    </>
  );
}

/** The exceptions as the protocol has them (closed: no hours). */
export function exceptionsOf(drafts: ExceptionDraft[]) {
  return drafts.map((e) =>
    e.closed ? { date: e.date } : { date: e.date, hours: { opens: e.opens, closes: e.closes } },
  );
}
