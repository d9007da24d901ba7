/** Bumped on any incompatible change to an event or payload. `hello` refuses other versions. */
export const PROTOCOL_VERSION = 1;

/** Largest Socket.IO message the server accepts (bytes). Larger ones are dropped by the transport. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
