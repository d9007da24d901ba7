/** Turns a seed entry into the principal its tokens speak for. */
import { type Principal, ROLE_CAPABILITIES } from '@etapiste/protocol';
import type { SeedPoint, SeedUser } from '../directory/seed.js';

export function principalForUser(user: SeedUser): Principal {
  return {
    id: user.id,
    role: user.role,
    displayName: user.displayName,
    capabilities: [...ROLE_CAPABILITIES[user.role]],
    ...(user.role === 'expert' ? { skills: user.skills } : {}),
    ...(user.role === 'supervisor' ? { agencies: user.agencies } : {}),
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
