/**
 * The error every call-client promise rejects with: a protocol error code the UI translates
 * (`errors.<code>`), never a raw message.
 */
import { type ErrorCode, isErrorCode, type WireError } from '@etapiste/protocol';

export type ClientErrorCode = ErrorCode | 'NETWORK' | 'TIMEOUT';

export class CallClientError extends Error {
  readonly code: ClientErrorCode;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ClientErrorCode, message?: string, retryAfterSeconds?: number) {
    super(message ?? code);
    this.name = 'CallClientError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static fromWire(error: WireError): CallClientError {
    return new CallClientError(error.code, error.message, error.retryAfterSeconds);
  }

  /** Best effort for anything thrown: unknown shapes become NETWORK. */
  static from(error: unknown): CallClientError {
    if (error instanceof CallClientError) return error;
    if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code)) {
      return new CallClientError(error.code);
    }
    return new CallClientError('NETWORK', error instanceof Error ? error.message : undefined);
  }
}
