/**
 * Every Socket.IO room the service pushes to, in one place. Rooms reach sockets on every signaling
 * process through the adapter; a socket joins its principal's room when it connects (app.ts) and
 * the others when it subscribes or joins media.
 */
import type { Principal } from '@etapiste/protocol';

/**
 * Every connection of one principal (several tabs or devices): `<role>:<id>`. An interpreter is
 * offered requests and keeps a presence like a specialist, so they share the `expert:` namespace
 * (one presence, one liveness entry and one room per serving person; people's ids are unique).
 */
export function principalRoom(principal: Pick<Principal, 'role' | 'id'>): string {
  const role = principal.role === 'interpreter' ? 'expert' : principal.role;
  return `${role}:${principal.id}`;
}

/** Every connection of a point device; the principal room of a point, whose id is the point id. */
export const pointRoom = (pointId: string) => principalRoom({ role: 'point', id: pointId });

/** Every connection of a specialist; their principal room. */
export const expertRoom = (expertId: string) => principalRoom({ role: 'expert', id: expertId });

/** Supervisors subscribed to one agency's live figures (`metrics:subscribe`). */
export const metricsRoom = (agency: string) => `metrics:${agency}`;
export const isMetricsRoom = (room: string) => room.startsWith('metrics:');

/** Specialists watching the queues (`queues:watch`). */
export const queuesRoom = 'queues:watch';

const MEDIA_PREFIX = 'media:';

/** The members of one media room (a visit's call). */
export const mediaRoom = (roomId: string) => `${MEDIA_PREFIX}${roomId}`;

/** The media room id of a Socket.IO room, or undefined when it is not a media room. */
export function mediaRoomId(room: string): string | undefined {
  return room.startsWith(MEDIA_PREFIX) ? room.slice(MEDIA_PREFIX.length) : undefined;
}

const SUPERVISION_PREFIX = 'supervision:';

/**
 * Supervisors of one scope subscribed to the wallboard's lists: the agencies they answer for (one
 * sorted list), or all of them (`undefined`, administrators).
 */
export function supervisionRoom(scope: readonly string[] | undefined): string {
  return `${SUPERVISION_PREFIX}${scope ? [...scope].sort().join(',') : '*'}`;
}

/** The scope of a supervision room, or null when the room is not one. */
export function supervisionScope(room: string): readonly string[] | undefined | null {
  if (!room.startsWith(SUPERVISION_PREFIX)) return null;
  const rest = room.slice(SUPERVISION_PREFIX.length);
  return rest === '*' ? undefined : rest.split(',').filter(Boolean);
}
