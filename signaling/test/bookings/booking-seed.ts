/**
 * A seed for the booking tests: `tax` open on weekdays 08:00–16:00 and closed on public holidays
 * (bookings meet real opening hours), `kela` open around the clock (bookings near the present time,
 * whatever the hour the tests run), two points, specialists, an interpreter and a supervisor of `tax`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finnishHolidayOn } from '@etapiste/protocol';
import { stringify } from 'yaml';
import { LocalTime } from '../../src/bookings/local-time.js';

const L = (text: string) => ({ fi: text, sv: text, en: text });
const outcomes = [{ id: 'resolved', name: L('Resolved') }];
const weekdays = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { opens: '08:00', closes: '16:00' }]));
const always = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { opens: '00:00', closes: '24:00' }]),
);
const HASH = '$argon2id$unused';

export function writeBookingSeed(): string {
  const seed = {
    agencies: [
      {
        id: 'tax',
        name: L('Tax'),
        languages: ['fi', 'sv', 'en'],
        topics: [{ id: 'tax-card', name: L('Tax card') }],
        outcomes,
        serviceLevelTargetSeconds: 120,
        openingHours: weekdays,
      },
      {
        id: 'kela',
        name: L('Kela'),
        languages: ['fi', 'sv'],
        topics: [],
        outcomes,
        serviceLevelTargetSeconds: 120,
        openingHours: always,
        publicHolidays: 'open',
      },
    ],
    points: ['p1', 'p2'].map((id) => ({ id, name: L(id), municipality: L(id), keyHash: HASH })),
    users: [
      { id: 'tax-a', skills: [{ agency: 'tax', language: 'fi' }] },
      { id: 'tax-b', skills: [{ agency: 'tax', language: 'fi' }] },
      { id: 'kela-a', skills: [{ agency: 'kela', language: 'fi' }] },
      { id: 'kela-b', skills: [{ agency: 'kela', language: 'fi' }] },
    ]
      .map((u) => ({ ...u, username: u.id, displayName: u.id, roles: ['expert'], passwordHash: HASH }))
      .concat([
        // Interprets Arabic with Finnish: a booking may ask for that, not for a language nobody has.
        {
          id: 'interp-ar',
          username: 'interp-ar',
          displayName: 'interp-ar',
          roles: ['interpreter'],
          passwordHash: HASH,
          skills: [],
          interpreterPairs: [{ language: 'ar', serviceLanguage: 'fi' }],
        } as never,
        // An advisor of p2: booking and checking in are their activity (their sign-in's idle time).
        {
          id: 'adv',
          username: 'adv',
          displayName: 'adv',
          roles: ['advisor'],
          passwordHash: HASH,
          skills: [],
          points: ['p2'],
        } as never,
        {
          id: 'boss',
          username: 'boss',
          displayName: 'boss',
          roles: ['supervisor'],
          passwordHash: HASH,
          skills: [],
          agencies: ['tax'],
        } as never,
      ]),
  };
  const dir = mkdtempSync(join(tmpdir(), 'etapiste-booking-seed-'));
  const file = join(dir, 'seed.yaml');
  writeFileSync(file, stringify(seed));
  return file;
}

const local = new LocalTime('Europe/Helsinki');

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

/** A weekday at least two days ahead that is not a public holiday: `tax` is open 08:00–16:00. */
export function openWeekday(now = Date.now()): string {
  for (let day = addDays(local.day(now), 2); ; day = addDays(day, 1)) {
    if (weekday(day) >= 1 && weekday(day) <= 5 && !finnishHolidayOn(day)) return day;
  }
}

/** The next public holiday on a weekday, at least a day ahead: `tax` is closed though its hours say open. */
export function weekdayHoliday(now = Date.now()): string {
  for (let day = addDays(local.day(now), 1); ; day = addDays(day, 1)) {
    if (weekday(day) >= 1 && weekday(day) <= 5 && finnishHolidayOn(day)) return day;
  }
}

/**
 * A slot of `minutes` starting soon (the next five-minute mark at least five minutes ahead), as
 * the local day and wall times a shift is published with, and its start instant.
 */
export function soonSlot(
  minutes: number,
  now = Date.now(),
): { date: string; starts: string; ends: string; at: number } {
  const step = 5 * 60_000;
  const at = Math.ceil((now + step) / step) * step;
  const start = local.of(at);
  const end = local.of(at + minutes * 60_000);
  return { date: start.day, starts: start.time, ends: end.day === start.day ? end.time : '24:00', at };
}

export { local };
