/**
 * Read-only lookups over the seed: who may sign in, which agencies and points exist, and what each
 * principal is allowed to see of them.
 */
import type { Agency, Directory as DirectoryView, Language, Point, Principal } from '@etapiste/protocol';
import { LANGUAGES } from '@etapiste/protocol';
import type { Seed, SeedPoint, SeedUser } from './seed.js';

export class Directory {
  readonly #agencies: Map<string, Agency>;
  readonly #points: Map<string, SeedPoint>;
  readonly #usersById: Map<string, SeedUser>;
  readonly #usersByName: Map<string, SeedUser>;

  constructor(seed: Seed) {
    this.#agencies = new Map(seed.agencies.map((a) => [a.id, a]));
    this.#points = new Map(seed.points.map((p) => [p.id, p]));
    this.#usersById = new Map(seed.users.map((u) => [u.id, u]));
    this.#usersByName = new Map(seed.users.map((u) => [u.username.toLowerCase(), u]));
  }

  agency(id: string): Agency | undefined {
    return this.#agencies.get(id);
  }

  agencies(): Agency[] {
    return [...this.#agencies.values()];
  }

  point(id: string): SeedPoint | undefined {
    return this.#points.get(id);
  }

  userByUsername(username: string): SeedUser | undefined {
    return this.#usersByName.get(username.toLowerCase());
  }

  user(id: string): SeedUser | undefined {
    return this.#usersById.get(id);
  }

  /** How many specialists have this agency × language skill. */
  expertsWithSkill(agencyId: string, language: Language): number {
    let count = 0;
    for (const user of this.#usersById.values()) {
      if (user.skills.some((s) => s.agency === agencyId && s.language === language)) count++;
    }
    return count;
  }

  serves(agencyId: string, language: Language): boolean {
    return this.#agencies.get(agencyId)?.languages.includes(language) ?? false;
  }

  /** What a principal may see: every agency (transfers go anywhere), but a point sees only itself. */
  viewFor(principal: Principal): DirectoryView {
    const points: Point[] = [...this.#points.values()]
      .filter((p) => principal.role !== 'point' || p.id === principal.pointId)
      .map(({ keyHash: _secret, ...point }) => point);
    return { languages: [...LANGUAGES], agencies: this.agencies(), points };
  }
}
