/**
 * The one rule for whether an agency is open, with Finland's calendar: weekly hours, Finnish public
 * holidays closed unless the agency serves on them, and dated exceptions that win over both. The
 * answer, the closing time and "opens next" follow the same rule.
 */
import { Agency } from '@etapiste/protocol';
import { describe, expect, it } from '@jest/globals';
import { ServiceClock } from '../src/queue/service-clock.js';

const weekdays = { opens: '08:00', closes: '16:15' };
const base = {
  id: 'kela',
  name: { fi: 'Kela', sv: 'FPA', en: 'Kela' },
  languages: ['fi', 'sv'],
  topics: [],
  outcomes: [{ id: 'resolved', name: { fi: 'Hoidettu', sv: 'Klart', en: 'Resolved' } }],
  serviceLevelTargetSeconds: 120,
  openingHours: { '1': weekdays, '2': weekdays, '3': weekdays, '4': weekdays, '5': weekdays },
};
const agency = (extra: Record<string, unknown> = {}) => Agency.parse({ ...base, ...extra });
/** Helsinki is UTC+2 in winter: local 10:00 is 08:00Z. */
const local = (day: string, time: string) => new Date(`${day}T${time}:00+02:00`);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('the service clock with the Finnish calendar', () => {
  const clock = new ServiceClock('Europe/Helsinki');

  it('closes on public holidays that fall on working days, and says when it opens next', () => {
    const kela = agency();
    expect(clock.isOpen(kela, local('2026-12-23', '10:00'))).toBe(true);
    // Christmas Eve (Thursday) and Christmas Day (Friday), then the weekend.
    expect(clock.isOpen(kela, local('2026-12-24', '10:00'))).toBe(false);
    expect(clock.isOpen(kela, local('2026-12-25', '10:00'))).toBe(false);
    expect(iso(clock.opensAt(kela, local('2026-12-23', '17:00')))).toBe('2026-12-28T06:00:00.000Z');
    // Epiphany 2027 is a Wednesday.
    expect(clock.isOpen(kela, local('2027-01-06', '10:00'))).toBe(false);
    expect(clock.isOpen(kela, local('2027-01-07', '10:00'))).toBe(true);
  });

  it('closes the day before a holiday at the end of that day, not at the next weekday', () => {
    expect(iso(clock.closesAt(agency(), local('2026-12-23', '10:00')))).toBe('2026-12-23T14:15:00.000Z');
  });

  it('serves on holidays on the weekday hours when the agency says so', () => {
    expect(clock.isOpen(agency({ publicHolidays: 'open' }), local('2026-12-24', '10:00'))).toBe(true);
  });

  it('lets a dated exception win over the weekly hours and over a holiday', () => {
    const kela = agency({
      openingExceptions: [
        { date: '2026-12-23', hours: { opens: '08:00', closes: '12:00' } },
        { date: '2026-12-24', hours: { opens: '09:00', closes: '12:00' } },
        { date: '2026-12-28' },
      ],
    });
    expect(iso(clock.closesAt(kela, local('2026-12-23', '10:00')))).toBe('2026-12-23T10:00:00.000Z');
    expect(clock.isOpen(kela, local('2026-12-23', '13:00'))).toBe(false);
    expect(clock.isOpen(kela, local('2026-12-24', '10:00'))).toBe(true);
    expect(clock.isOpen(kela, local('2026-12-28', '10:00'))).toBe(false);
    expect(iso(clock.opensAt(kela, local('2026-12-24', '13:00')))).toBe('2026-12-29T06:00:00.000Z');
  });

  it('refuses hours that end before they start and an exception date listed twice', () => {
    expect(Agency.safeParse({ ...base, openingHours: { '1': { opens: '16:00', closes: '08:00' } } }).success).toBe(
      false,
    );
    const twice = { date: '2026-12-23', hours: { opens: '08:00', closes: '12:00' } };
    expect(Agency.safeParse({ ...base, openingExceptions: [twice, twice] }).success).toBe(false);
    expect(Agency.safeParse({ ...base, openingExceptions: [{ date: '2026-02-30' }] }).success).toBe(false);
  });

  it('refuses a language listed twice (one queue counted twice)', () => {
    expect(Agency.safeParse({ ...base, languages: ['fi', 'sv'] }).success).toBe(true);
    const twice = Agency.safeParse({ ...base, languages: ['fi', 'sv', 'fi'] });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['languages']);
  });
});
