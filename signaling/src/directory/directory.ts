/**
 * Lookups over the directory in force: who may sign in, which agencies, municipalities and points
 * exist, and what each principal is allowed to see of them. The directory can change while the
 * service runs (an administrator's edit, directory-sync.ts): `replace` swaps the whole snapshot at
 * once, so a lookup never sees half of a change, and tells the listeners what changed.
 */
import type {
  Agency,
  Directory as DirectoryView,
  InterpreterPair,
  Language,
  Point,
  Principal,
} from '@etapiste/protocol';
import { LANGUAGES } from '@etapiste/protocol';
import type { Seed, SeedMunicipality, SeedPoint, SeedUser } from './seed.js';

interface Snapshot {
  agencies: Map<string, Agency>;
  municipalities: Map<string, SeedMunicipality>;
  points: Map<string, SeedPoint>;
  usersById: Map<string, SeedUser>;
  usersByName: Map<string, SeedUser>;
}

/** What a replacement changed, for the effects that must follow it (sign-outs, skills). */
export interface DirectoryChanges {
  /** Points gone or deactivated, or whose device key changed or was revoked. */
  pointsSignedOff: string[];
  /** People gone or deactivated, or whose role changed. */
  usersSignedOff: string[];
  /** Specialists whose skills changed (and who are still there). */
  skillsChanged: string[];
}

export type DirectoryListener = (changes: DirectoryChanges) => void;

export class Directory {
  #snapshot: Snapshot;
  readonly #listeners = new Set<DirectoryListener>();

  constructor(seed: Seed) {
    this.#snapshot = snapshotOf(seed);
  }

  /** Puts a new directory in force and tells the listeners what changed. */
  replace(seed: Seed): DirectoryChanges {
    const before = this.#snapshot;
    const after = snapshotOf(seed);
    this.#snapshot = after;
    const changes: DirectoryChanges = { pointsSignedOff: [], usersSignedOff: [], skillsChanged: [] };
    for (const [id, point] of before.points) {
      const now = after.points.get(id);
      if (!now || now.keyHash !== point.keyHash) changes.pointsSignedOff.push(id);
    }
    for (const [id, user] of before.usersById) {
      const now = after.usersById.get(id);
      if (!now || rolesKey(now) !== rolesKey(user) || now.passwordHash !== user.passwordHash)
        changes.usersSignedOff.push(id);
      else if (skillsKey(now) !== skillsKey(user)) changes.skillsChanged.push(id);
    }
    for (const listener of this.#listeners) listener(changes);
    return changes;
  }

  onChange(listener: DirectoryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  agency(id: string): Agency | undefined {
    return this.#snapshot.agencies.get(id);
  }

  agencies(): Agency[] {
    return [...this.#snapshot.agencies.values()];
  }

  municipality(id: string): SeedMunicipality | undefined {
    return this.#snapshot.municipalities.get(id);
  }

  point(id: string): SeedPoint | undefined {
    return this.#snapshot.points.get(id);
  }

  userByUsername(username: string): SeedUser | undefined {
    return this.#snapshot.usersByName.get(username.toLowerCase());
  }

  user(id: string): SeedUser | undefined {
    return this.#snapshot.usersById.get(id);
  }

  users(): SeedUser[] {
    return [...this.#snapshot.usersById.values()];
  }

  /** How many specialists have this agency × language skill. */
  expertsWithSkill(agencyId: string, language: Language): number {
    let count = 0;
    for (const user of this.#snapshot.usersById.values()) {
      if (user.skills.some((s) => s.agency === agencyId && s.language === language)) count++;
    }
    return count;
  }

  serves(agencyId: string, language: Language): boolean {
    return this.#snapshot.agencies.get(agencyId)?.languages.includes(language) ?? false;
  }

  /** What a principal may see: every agency (transfers go anywhere), but a point sees only itself. */
  viewFor(principal: Principal): DirectoryView {
    const points: Point[] = [...this.#snapshot.points.values()]
      .filter((p) => principal.role !== 'point' || p.id === principal.pointId)
      .map(({ keyHash: _secret, ...point }) => point);
    return { languages: [...LANGUAGES], agencies: this.agencies(), points, interpreting: this.interpreting() };
  }

  /** Whether an interpreter of the pool (active in the directory) interprets `language` with the service language `serviceLanguage`. */
  interprets(language: string, serviceLanguage: string): boolean {
    return this.interpreting().some((p) => p.language === language && p.serviceLanguage === serviceLanguage);
  }

  /** The language pairs of the interpreter pool, each once, in a stable order. */
  interpreting(): InterpreterPair[] {
    const pairs = new Map<string, InterpreterPair>();
    for (const user of this.users()) {
      if (!user.roles.includes('interpreter')) continue;
      for (const pair of user.interpreterPairs) pairs.set(`${pair.language}|${pair.serviceLanguage}`, pair);
    }
    return [...pairs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, pair]) => pair);
  }
}

function snapshotOf(seed: Seed): Snapshot {
  return {
    agencies: new Map(seed.agencies.map((a) => [a.id, a])),
    municipalities: new Map(seed.municipalities.map((m) => [m.id, m])),
    points: new Map(seed.points.map((p) => [p.id, p])),
    usersById: new Map(seed.users.map((u) => [u.id, u])),
    usersByName: new Map(seed.users.map((u) => [u.username.toLowerCase(), u])),
  };
}

function rolesKey(user: SeedUser): string {
  return [...user.roles].sort().join(',');
}

function skillsKey(user: SeedUser): string {
  // An interpreter's language pairs count as their skills (the queue's pools).
  return [
    ...user.skills.map((s) => `${s.agency}|${s.language}`),
    ...user.interpreterPairs.map((p) => `~${p.language}|${p.serviceLanguage}`),
  ]
    .sort()
    .join(',');
}
