/**
 * The specialist's media in a session, on the shared base hook (`@etapiste/ui`'s useCallMedia):
 * the visit's room joined with the microphone and camera from the start, so a reload or a network
 * drop joins the same room again; the session's end leaves it. A device that cannot be opened is
 * one sentence for the specialist (the advisor handles devices at the point, not here).
 */
import type { SignalingClient } from '@etapiste/call-client';
import type { Session } from '@etapiste/protocol';
import { type CallMedia, useCallMedia } from '@etapiste/ui';

export interface SpecialistMedia extends CallMedia {
  /** The microphone or camera could not be opened (no device, or permission refused). */
  deviceProblem: boolean;
}

const PUBLISHED = ['microphone', 'camera'] as const;

export function useSpecialistMedia(client: SignalingClient | undefined, session: Session): SpecialistMedia {
  const media = useCallMedia(client, { roomId: session.visitId, publish: PUBLISHED });
  return { ...media, deviceProblem: Object.values(media.problems).some(Boolean) };
}
