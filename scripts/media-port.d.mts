/** Types for media-port.mjs (plain ESM so the stack script runs without a build). */

/**
 * A base port free for TCP and UDP, together with the next `count - 1` ports (default 2), chosen
 * at random in [from, to) (default 20000–32000, below the kernel's ephemeral range).
 */
export function freeMediaPort(options?: { count?: number; from?: number; to?: number }): Promise<number>;
