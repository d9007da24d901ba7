/** Turns a seed entry into the principal its tokens speak for. */
import { type Capability, type PersonRole, type Principal, ROLE_CAPABILITIES } from '@etapiste/protocol';
import { holds, type SeedPoint, type SeedUser } from '../directory/seed.js';

/** The role the console opens on for a person holding several: the specialist's work comes first. */
const CONSOLE_ROLE_ORDER: readonly PersonRole[] = ['expert', 'interpreter', 'supervisor', 'admin', 'advisor'];

/** Whether a person can use the console at all (an advisor alone works only at a point). */
export function hasConsoleRole(user: SeedUser): boolean {
  return user.roles.some((role) => ROLE_CAPABILITIES[role].length > 0);
}

export function principalForUser(user: SeedUser): Principal {
  const role = CONSOLE_ROLE_ORDER.find((r) => holds(user, r)) ?? user.roles[0] ?? 'advisor';
  const capabilities = new Set<Capability>(user.roles.flatMap((r) => ROLE_CAPABILITIES[r]));
  return {
    id: user.id,
    role,
    roles: [...user.roles],
    displayName: user.displayName,
    capabilities: [...capabilities],
    ...(holds(user, 'expert') ? { skills: user.skills } : {}),
    ...(holds(user, 'supervisor') ? { agencies: user.agencies } : {}),
    ...(holds(user, 'interpreter') ? { interpreterPairs: user.interpreterPairs } : {}),
  };
}

export function principalForPoint(point: SeedPoint): Principal {
  return {
    id: point.id,
    role: 'point',
    displayName: point.name.fi,
    capabilities: [...ROLE_CAPABILITIES.point],
    pointId: point.id,
  };
}
