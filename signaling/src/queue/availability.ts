/**
 * Whether each agency can serve a point now (`availability:get`), for the tiles of the point's start
 * screen before the device check: open by its opening hours (the service clock, the one rule the
 * queue applies), and the languages in which a specialist of the skill is at work (available,
 * ringing, serving or in wrap-up; signed in but away does not count). The point asks again every
 * few seconds while the start screen is open. Read only; nothing is counted as demand.
 */
import type { AgencyAvailability, AvailabilitySnapshot } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { PresenceStore } from '../presence/presence-store.js';
import type { CommandRouter } from '../realtime/command-router.js';
import type { Keys } from '../redis/keys.js';
import type { ServiceClock } from './service-clock.js';

const AT_WORK: ReadonlySet<string> = new Set(['available', 'offered', 'in-session', 'wrap-up']);

export class AvailabilityReader {
  constructor(
    private readonly deps: {
      redis: Redis;
      keys: Keys;
      directory: Directory;
      presence: PresenceStore;
      clock: ServiceClock;
    },
  ) {}

  async now(at: Date = new Date()): Promise<AvailabilitySnapshot> {
    const agencies = await Promise.all(this.deps.directory.agencies().map((agency) => this.#agency(agency.id, at)));
    return { at: at.toISOString(), agencies: agencies.filter((a): a is AgencyAvailability => a !== undefined) };
  }

  async #agency(id: string, at: Date): Promise<AgencyAvailability | undefined> {
    const { redis, keys, directory, presence, clock } = this.deps;
    const agency = directory.agency(id);
    if (!agency) return undefined;
    const open = clock.isOpen(agency, at);
    const languages: AgencyAvailability['languages'] = [];
    for (const language of agency.languages) {
      const staffed = await redis.smembers(keys.staffed(agency.id, language));
      const records = await presence.records(staffed);
      if (records.some((record) => record.state !== undefined && AT_WORK.has(record.state))) languages.push(language);
    }
    const opensAt = open ? undefined : clock.opensAt(agency, at);
    return {
      agency: agency.id,
      open,
      languages,
      ...(opensAt !== undefined ? { opensAt: new Date(opensAt).toISOString() } : {}),
    };
  }
}

export function registerAvailabilityHandlers(router: CommandRouter, reader: AvailabilityReader): void {
  router.handle('availability:get', async () => reader.now());
}
