/**
 * Logger options shared by the HTTP server and the socket layer. Logs carry ids, never tokens,
 * passwords, keys, notes or media; the redaction list is the safety net for mistakes.
 */
import type { LoggerOptions } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.pointKey',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.note',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'signaling' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}
