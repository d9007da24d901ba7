/**
 * Wall time in the service's time zone (Europe/Helsinki) and back: a shift is published as a day
 * and `HH:MM` there, a booking is an instant. Across the DST changes an instant is found by
 * correcting the zone's offset twice (the same rule as queue/service-clock.ts).
 */
export class LocalTime {
  readonly #parts: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.#parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** The local day `YYYY-MM-DD` and wall time `HH:MM` of an instant. */
  of(at: number): { day: string; time: string } {
    const p = Object.fromEntries(this.#parts.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
    return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  }

  day(at: number): string {
    return this.of(at).day;
  }

  /** The instant (epoch ms) of a local day's wall time; `24:00` is the next day's midnight. */
  instant(day: string, time: string): number {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    const wall = Date.UTC(y, m - 1, d, hh, mm);
    let guess = wall - this.#offsetMs(wall);
    guess = wall - this.#offsetMs(guess);
    return guess;
  }

  #offsetMs(at: number): number {
    const local = this.of(at);
    const [y, m, d] = local.day.split('-').map(Number) as [number, number, number];
    const [hh, mm] = local.time.split(':').map(Number) as [number, number];
    return Date.UTC(y, m - 1, d, hh, mm) - Math.floor(at / 60_000) * 60_000;
  }
}
