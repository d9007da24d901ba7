import { describe, expect, it } from '@jest/globals';
import { easterSunday, finnishHolidayOn, finnishPublicHolidays } from '../src/finnish-holidays.js';

/**
 * The official lists (the University of Helsinki almanac office's calendar of Finnish flag and
 * holidays), written out by hand here rather than derived, so that the rules are checked against them.
 */
const official2026 = [
  ['2026-01-01', 'new-years-day'],
  ['2026-01-06', 'epiphany'],
  ['2026-04-03', 'good-friday'],
  ['2026-04-05', 'easter-sunday'],
  ['2026-04-06', 'easter-monday'],
  ['2026-05-01', 'may-day'],
  ['2026-05-14', 'ascension-day'],
  ['2026-05-24', 'whitsunday'],
  ['2026-06-19', 'midsummer-eve'],
  ['2026-06-20', 'midsummer-day'],
  ['2026-10-31', 'all-saints-day'],
  ['2026-12-06', 'independence-day'],
  ['2026-12-24', 'christmas-eve'],
  ['2026-12-25', 'christmas-day'],
  ['2026-12-26', 'boxing-day'],
];
const official2027 = [
  ['2027-01-01', 'new-years-day'],
  ['2027-01-06', 'epiphany'],
  ['2027-03-26', 'good-friday'],
  ['2027-03-28', 'easter-sunday'],
  ['2027-03-29', 'easter-monday'],
  ['2027-05-01', 'may-day'],
  ['2027-05-06', 'ascension-day'],
  ['2027-05-16', 'whitsunday'],
  ['2027-06-25', 'midsummer-eve'],
  ['2027-06-26', 'midsummer-day'],
  ['2027-11-06', 'all-saints-day'],
  ['2027-12-06', 'independence-day'],
  ['2027-12-24', 'christmas-eve'],
  ['2027-12-25', 'christmas-day'],
  ['2027-12-26', 'boxing-day'],
];

describe('Finnish public holidays', () => {
  it('match the official list for 2026', () => {
    expect(finnishPublicHolidays(2026).map((h) => [h.date, h.id])).toEqual(official2026);
  });

  it('match the official list for 2027', () => {
    expect(finnishPublicHolidays(2027).map((h) => [h.date, h.id])).toEqual(official2027);
  });

  it('put Easter on the known dates of other years, early and late', () => {
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2011)).toBe('2011-04-24');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('answer per day, and say nothing of an ordinary day', () => {
    expect(finnishHolidayOn('2026-12-06')).toBe('independence-day');
    expect(finnishHolidayOn('2027-06-25')).toBe('midsummer-eve');
    expect(finnishHolidayOn('2026-12-07')).toBeUndefined();
  });

  it('refuse a year that is not a Gregorian one', () => {
    expect(() => finnishPublicHolidays(1200)).toThrow(RangeError);
    expect(() => finnishPublicHolidays(2026.5)).toThrow(RangeError);
  });
});
