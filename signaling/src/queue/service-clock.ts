/**
 * Calendar facts in the service's time zone (Europe/Helsinki): today's date for the daily figures
 * and whether an agency is open now.
 */
import type { Agency } from '@etapiste/protocol';

type LocalTime = { day: string; weekday: number; time: string };

export class ServiceClock {
  readonly #parts: Intl.DateTimeFormat;
  /** Formatting dates is costly and every queue command asks: the answer holds for a minute. */
  #cached: { minute: number; local: LocalTime } | undefined;

  constructor(readonly timeZone: string) {
    this.#parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  #local(at: Date): LocalTime {
    const minute = Math.floor(at.getTime() / 60_000);
    if (this.#cached?.minute === minute) return this.#cached.local;
    const local = this.#format(at);
    this.#cached = { minute, local };
    return local;
  }

  #format(at: Date): LocalTime {
    const parts = Object.fromEntries(this.#parts.formatToParts(at).map((p) => [p.type, p.value]));
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? '') + 1;
    return { day: `${parts.year}-${parts.month}-${parts.day}`, weekday, time: `${parts.hour}:${parts.minute}` };
  }

  /** The local calendar day, `YYYY-MM-DD`: the key of the daily figures. */
  day(at: Date = new Date()): string {
    return this.#local(at).day;
  }

  isOpen(agency: Agency, at: Date = new Date()): boolean {
    const local = this.#local(at);
    const hours = agency.openingHours[String(local.weekday) as keyof Agency['openingHours']];
    return hours !== undefined && hours.opens <= local.time && local.time < hours.closes;
  }
}
