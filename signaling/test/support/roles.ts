/** Every role that holds a token of its own, each signed in as one demo account of the seed. */
import { Role, type TokenPair } from '@etapiste/protocol';
import { login, loginPoint } from './harness.js';

/**
 * An advisor has no token of their own: they sign in personally at a point and act through its
 * device's connection (advisors.test.ts covers their sign-in).
 */
export type RoleName = Exclude<Role, 'advisor'>;
export const ROLES: readonly RoleName[] = Role.options.filter((role): role is RoleName => role !== 'advisor');

/** Signs in one demo account per role (the point by its device key). */
export async function signInEveryRole(baseUrl: string): Promise<Record<RoleName, TokenPair>> {
  return {
    point: await loginPoint(baseUrl, 'mikkeli'),
    expert: await login(baseUrl, 'aino'),
    interpreter: await login(baseUrl, 'satu'),
    supervisor: await login(baseUrl, 'maria'),
    admin: await login(baseUrl, 'admin'),
  };
}
