/**
 * The seed file: the domain configuration an operator edits (agencies, languages, points, users).
 * Secrets in it are argon2 hashes only; `pnpm --filter @etapiste/signaling hash-secret` makes them.
 */
import { readFile } from 'node:fs/promises';
import {
  Agency,
  AgencyId,
  InterpreterPair,
  Municipality,
  PersonRoles,
  Point,
  PointId,
  Skill,
  Slug,
} from '@etapiste/protocol';
import { parse } from 'yaml';
import { z } from 'zod';

const Argon2Hash = z.string().startsWith('$argon2', 'an argon2 hash (see hash-secret)');

/**
 * A point: in a seed file its municipality is named (the directory makes an entry of it); in the
 * database it refers to one by id. Without a key hash the device cannot sign in (none issued yet,
 * or revoked).
 */
export const SeedPoint = Point.extend({ keyHash: Argon2Hash.optional() });
export type SeedPoint = z.infer<typeof SeedPoint>;

/**
 * A person. `roles` lists every role they hold; a seed file may still say `role: expert` for one
 * (older seeds and the shorter form for the common case), read as `roles: [expert]`.
 */
export const SeedUser = z.preprocess(
  singleRoleAsList,
  z.strictObject({
    id: Slug,
    username: z.string().min(2).max(100),
    displayName: z.string().min(1).max(100),
    roles: PersonRoles,
    passwordHash: Argon2Hash,
    skills: z.array(Skill).default([]),
    /** An interpreter's language pairs (issue 14). */
    interpreterPairs: z.array(InterpreterPair).max(40).default([]),
    agencies: z.array(AgencyId).default([]),
    points: z.array(PointId).default([]),
  }),
);
export type SeedUser = z.infer<typeof SeedUser>;

function singleRoleAsList(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !('role' in input) || 'roles' in input) return input;
  const { role, ...rest } = input as Record<string, unknown>;
  return { ...rest, roles: [role] };
}

/** Whether a person holds a role. */
export function holds(user: Pick<SeedUser, 'roles'>, role: SeedUser['roles'][number]): boolean {
  return user.roles.includes(role);
}

export const SeedMunicipality = Municipality;
export type SeedMunicipality = z.infer<typeof SeedMunicipality>;

export const Seed = z
  .strictObject({
    agencies: z.array(Agency).min(1),
    municipalities: z.array(SeedMunicipality).default([]),
    points: z.array(SeedPoint),
    users: z.array(SeedUser),
  })
  .superRefine((seed, ctx) => {
    const agencies = new Map(seed.agencies.map((a) => [a.id, a]));
    const unique = (ids: string[], what: string) => {
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${id}` });
        seen.add(id);
      }
    };
    unique(
      seed.agencies.map((a) => a.id),
      'agency',
    );
    unique(
      seed.points.map((p) => p.id),
      'point',
    );
    unique(
      seed.municipalities.map((m) => m.id),
      'municipality',
    );
    const municipalities = new Set(seed.municipalities.map((m) => m.id));
    const points = new Set(seed.points.map((p) => p.id));
    for (const point of seed.points) {
      if (point.municipalityId !== undefined && !municipalities.has(point.municipalityId))
        ctx.addIssue({ code: 'custom', message: `${point.id}: unknown municipality ${point.municipalityId}` });
    }
    unique(
      seed.users.map((u) => u.id),
      'user id',
    );
    unique(
      seed.users.map((u) => u.username.toLowerCase()),
      'username',
    );
    for (const user of seed.users) {
      for (const skill of user.skills) {
        const agency = agencies.get(skill.agency);
        if (!agency) ctx.addIssue({ code: 'custom', message: `${user.id}: unknown agency ${skill.agency}` });
        else if (!agency.languages.includes(skill.language))
          ctx.addIssue({ code: 'custom', message: `${user.id}: ${skill.agency} is not served in ${skill.language}` });
      }
      for (const id of user.agencies) {
        if (!agencies.has(id)) ctx.addIssue({ code: 'custom', message: `${user.id}: unknown agency ${id}` });
      }
      if (holds(user, 'expert') && user.skills.length === 0)
        ctx.addIssue({ code: 'custom', message: `${user.id}: an expert needs at least one skill` });
      if (holds(user, 'interpreter') && user.interpreterPairs.length === 0)
        ctx.addIssue({ code: 'custom', message: `${user.id}: an interpreter needs at least one language pair` });
      // One presence per serving person: an interpreter is offered requests as an interpreter only.
      if (holds(user, 'interpreter') && holds(user, 'expert'))
        ctx.addIssue({ code: 'custom', message: `${user.id}: an interpreter cannot also be a specialist` });
      for (const id of user.points) {
        if (!points.has(id)) ctx.addIssue({ code: 'custom', message: `${user.id}: unknown point ${id}` });
      }
    }
  });
export type Seed = z.infer<typeof Seed>;

export class SeedError extends Error {
  override name = 'SeedError';
}

export function parseSeed(text: string, source = 'seed'): Seed {
  const parsed = Seed.safeParse(parse(text));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SeedError(`${source} is not valid:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

export async function loadSeed(path: string): Promise<Seed> {
  return parseSeed(await readFile(path, 'utf8'), path);
}
