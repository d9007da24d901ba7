export * from './ack.js';
export * from './auth.js';
export * from './domain.js';
export * from './errors.js';
export * from './events.js';
export * from './queue.js';
export * from './sfu.js';
export * from './version.js';
