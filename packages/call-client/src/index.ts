export { AuthApi } from './auth-api.js';
export { RECONNECT_SCHEDULE_MS, RECONNECT_STEADY_MS, reconnectDelay } from './backoff.js';
export { DocumentsApi } from './documents-api.js';
export { CallClientError, type ClientErrorCode } from './errors.js';
export * from './media/index.js';
export { browserStorage, SessionTokens, type TokenStorage } from './session-tokens.js';
export { type ConnectionState, SignalingClient, type SignalingClientOptions } from './signaling-client.js';
