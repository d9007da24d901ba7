/**
 * Opening hours in words for "come back at opening hours": consecutive days with the same hours
 * are one line ("Mon–Fri 8:00–16:15"), weekday names come from Intl in the UI language.
 */
import type { Language, OpeningHours } from '@etapiste/protocol';

/** 2024-01-01 was a Monday: day n (1 = Monday) is January n. */
function weekday(day: number, language: Language): string {
  return new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, day)),
  );
}

function clock(hhmm: string, language: Language): string {
  const [h = '0', m = '00'] = hhmm.split(':');
  return language === 'en' ? `${Number(h)}:${m}` : `${Number(h)}.${m}`;
}

export function openingHoursLines(hours: OpeningHours, language: Language): string[] {
  const lines: string[] = [];
  let day = 1;
  while (day <= 7) {
    const today = hours[String(day) as keyof OpeningHours];
    if (!today) {
      day++;
      continue;
    }
    let last = day;
    while (last < 7) {
      const next = hours[String(last + 1) as keyof OpeningHours];
      if (!next || next.opens !== today.opens || next.closes !== today.closes) break;
      last++;
    }
    const days = last === day ? weekday(day, language) : `${weekday(day, language)}–${weekday(last, language)}`;
    lines.push(`${days} ${clock(today.opens, language)}–${clock(today.closes, language)}`);
    day = last + 1;
  }
  return lines;
}
