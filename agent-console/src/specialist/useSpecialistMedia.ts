/**
 * The specialist's media, on the shared base hook (`@etapiste/ui`'s useCallMedia).
 *
 * Standby (docs/media.md): while the specialist works (available, offered, in a session, wrap-up)
 * the workspace keeps their microphone and camera published in their own standby room, held on
 * the SFU and forwarded to no one. A session links that room to the visit's, so at the accept the
 * customer's picture and sound simply arrive (only consumers are made) and the customer receives
 * the specialist's at once. The call is therefore this one media session, kept by the workspace
 * (`StandbyMediaContext`), not one started by the call's view. Away or offline leaves it.
 *
 * Without a workspace around it (a view on its own), the call joins the visit's room itself.
 * A device that cannot be opened is one sentence for the specialist (the advisor handles devices
 * at the point, not here).
 */
import type { SignalingClient } from '@etapiste/call-client';
import { type ExpertState, type Session, standbyRoomId } from '@etapiste/protocol';
import { type CallMedia, useCallMedia } from '@etapiste/ui';
import { createContext, useContext } from 'react';

export interface SpecialistMedia extends CallMedia {
  /** The microphone or camera could not be opened (no device, or permission refused). */
  deviceProblem: boolean;
}

const PUBLISHED = ['microphone', 'camera'] as const;
const STANDBY: ReadonlySet<ExpertState> = new Set(['available', 'offered', 'in-session', 'wrap-up']);

export const StandbyMediaContext = createContext<SpecialistMedia | undefined>(undefined);

function withProblem(media: CallMedia): SpecialistMedia {
  return { ...media, deviceProblem: Object.values(media.problems).some(Boolean) };
}

/** The workspace's standby media: joined while the specialist works, left when away or offline. */
export function useStandbyMedia(
  client: SignalingClient | undefined,
  expertId: string,
  state: ExpertState | undefined,
): SpecialistMedia {
  const roomId = state && STANDBY.has(state) ? standbyRoomId(expertId) : undefined;
  return withProblem(useCallMedia(client, { roomId, publish: PUBLISHED }));
}

export function useSpecialistMedia(client: SignalingClient | undefined, session: Session): SpecialistMedia {
  const standby = useContext(StandbyMediaContext);
  // The hook runs either way (hooks keep their order); without a standby it joins the visit's room.
  const own = useCallMedia(client, { roomId: standby ? undefined : session.visitId, publish: PUBLISHED });
  return standby ?? withProblem(own);
}
