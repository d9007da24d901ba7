/**
 * The control plane between signaling and the SFU nodes, for Node processes only (never bundled
 * into the apps): see docs/media.md, "Signaling ↔ SFU".
 */
export * from './control-api.js';
export * from './control-secret.js';
export * from './control-verifier.js';
export * from './events.js';
export * from './keys.js';
export * from './redis-errors.js';
export * from './redis-target.js';
export * from './registry.js';
export * from './signature.js';
