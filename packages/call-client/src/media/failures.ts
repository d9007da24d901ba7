/** Which failures of a media request another attempt can fix: the session and its parts decide by these. */
import type { ClientErrorCode } from '../errors.js';

/** The request or its answer was lost (a network drop): the same request may well work later. */
export const LOST: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['NETWORK', 'TIMEOUT']);

/**
 * Failures a new attempt can fix: lost on the way, the room gone (it is placed again), no SFU for
 * a moment, or a source the SFU already has from a publish whose answer was lost (a rejoin
 * replaces the membership, so that producer goes with it).
 */
export const RETRYABLE: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>([
  ...LOST,
  'ROOM_RESTARTED',
  'UNAVAILABLE',
  'CONFLICT',
]);
