/**
 * Every error code on the wire, in one table: HTTP status for the REST API and an English
 * fallback message for logs. Apps never show these strings: they translate the code
 * (`errors.<CODE>` in their i18n resources).
 */
import { z } from 'zod';

export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the protocol schema.' },
  UNKNOWN_EVENT: { status: 400, message: 'No such event.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The message is too large.' },
  UNSUPPORTED_PROTOCOL_VERSION: { status: 426, message: 'The app is too old or too new for this server.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign-in is required.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The sign-in details are not valid.' },
  TOKEN_EXPIRED: { status: 401, message: 'The sign-in has expired.' },
  /** A refresh token of this sign-in was used twice: the sign-in is ended everywhere it was in use. */
  SESSION_REVOKED: { status: 401, message: 'The sign-in was ended for security; sign in again.' },
  FORBIDDEN: { status: 403, message: 'This action is not allowed for this account.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  CONFLICT: { status: 409, message: 'The state changed; try again.' },
  /** Refused because the thing is in use now (`reason` says how: an agency with waiting customers…). */
  IN_USE: { status: 409, message: 'It is in use now and cannot be changed that way.' },
  /** An administrator's edit was made on an older version of the entry: reload and edit again. */
  STALE_VERSION: { status: 409, message: 'Someone changed this in the meantime; reload it and edit again.' },
  /** A ledger correction that does not fit the transaction's state (`reason`: already-voided, not-voided). */
  CORRECTION_REFUSED: { status: 409, message: 'That correction does not fit the transaction as it stands.' },
  /** A visit starts only with an advisor signed in personally at the point. */
  ADVISOR_SIGN_IN_REQUIRED: { status: 403, message: 'An advisor must sign in at the point first.' },
  /** The account holds only the advisor's role: it signs in at a service point, not in the console. */
  POINT_ACCOUNT_ONLY: { status: 403, message: 'This account signs in at a service point.' },
  /** The agency serves only customers whose identity was checked. */
  NO_INTERPRETER_LANGUAGE: {
    status: 400,
    message: 'No interpreter of the service interprets that language with the language chosen.',
  },
  IDENTITY_CHECK_REQUIRED: { status: 400, message: "The agency requires the customer's identity to be checked." },
  /** A shared document must be a PDF, JPEG or PNG by its content (not its name), within the size limit. */
  DOCUMENT_REFUSED: { status: 415, message: 'Only PDF, JPEG and PNG documents up to the size limit are accepted.' },
  /** Bookings (bookings.ts): the slot was booked by someone else first (the database's rule). */
  SLOT_TAKEN: { status: 409, message: 'That time has just been booked; choose another.' },
  SLOT_IN_PAST: { status: 400, message: 'That time has passed.' },
  /** Outside the agency's opening hours (`reason`: hours) or on a public holiday (`reason`: holiday). */
  SLOT_CLOSED: { status: 400, message: 'The agency is closed at that time.' },
  /** The service is closed now: a transfer or a new queueing into it is refused (nothing waits through closed hours). */
  SERVICE_CLOSED: { status: 409, message: 'The service is closed now.' },
  /** No specialist has published bookable time for that agency × language then. */
  NO_BOOKABLE_TIME: { status: 400, message: 'Nobody serves that agency and language by appointment then.' },
  /** A booking or point of another point or advisor, or a shift of someone the caller does not supervise. */
  BOOKING_NOT_YOURS: { status: 403, message: 'That booking is not yours to change.' },
  /** Check-in opens a while before the start and closes at the no-show limit (`reason`: too-early, too-late, state). */
  CHECK_IN_NOT_OPEN: { status: 409, message: 'The booking cannot be checked in now.' },
  /** A specialist's shifts may not overlap. */
  SHIFT_OVERLAPS: { status: 409, message: 'The shift overlaps another shift of the same specialist.' },
  RATE_LIMITED: { status: 429, message: 'Too many attempts; wait a moment.' },
  UNKNOWN_AGENCY: { status: 400, message: 'No such agency.' },
  UNKNOWN_LANGUAGE: { status: 400, message: 'The agency does not serve in that language.' },
  UNKNOWN_TOPIC: { status: 400, message: "No such topic in the agency's list." },
  UNKNOWN_OUTCOME: { status: 400, message: "No such outcome in the agency's list." },
  SKILL_MISSING: { status: 403, message: 'The specialist does not serve that agency in that language.' },
  OFFER_GONE: { status: 409, message: 'The offer is no longer open.' },
  OFFER_EXPIRED: { status: 409, message: 'The offer expired.' },
  NOT_IN_SESSION: { status: 409, message: 'Not a session of yours in that state.' },
  /** A supervisor may join only the sessions of the agencies they supervise. */
  OUTSIDE_YOUR_AGENCIES: { status: 403, message: 'That session is not of an agency you supervise.' },
  /** One supervisor at a time in a session's call. */
  SUPERVISOR_ALREADY_PRESENT: { status: 409, message: 'Another supervisor is in that call already.' },
  /** The session has ended: nobody joins it any more. */
  SESSION_OVER: { status: 409, message: 'That session has ended.' },
  /** An invite names the inviter themselves. */
  INVITE_SELF: { status: 400, message: 'You cannot invite yourself.' },
  /** Nobody of that agency × language (or interpreter pool) is free now. */
  NO_ONE_FREE: { status: 409, message: 'Nobody of that kind is free now.' },
  /** The invite was answered, rang out or is not yours. */
  INVITE_GONE: { status: 409, message: 'The invite is no longer open.' },
  REQUEST_CLOSED: { status: 409, message: 'The request is no longer waiting.' },
  /** A stepped-away customer is back while another customer's visit is at the point's desk. */
  POINT_BUSY: { status: 409, message: "Another customer's visit is open at the point; finish it first." },
  FEEDBACK_NOT_OPEN: { status: 409, message: 'Feedback is taken after the session has ended, for a day.' },
  FEEDBACK_ALREADY_GIVEN: { status: 409, message: 'Feedback for that session has been given already.' },
  MEDIA_NOT_GRANTED: { status: 403, message: 'No media grant for that room or source.' },
  TRANSPORT_LIMIT: { status: 429, message: 'Too many media transports for one participant.' },
  INVALID_RTP_PARAMETERS: { status: 400, message: 'The media parameters were refused.' },
  ROOM_RESTARTED: { status: 409, message: 'The media room was set up again; join it again.' },
  UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable.' },
  INTERNAL: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;
export const ERROR_CODES = Object.keys(errorCatalog) as ErrorCode[];
export const ErrorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

export const WireError = z.strictObject({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Which fields failed validation, for VALIDATION_FAILED. Paths only, never the values. */
  fields: z.array(z.string()).optional(),
  /** Seconds to wait, for RATE_LIMITED. */
  retryAfterSeconds: z.number().optional(),
  /** A machine-readable why, for IN_USE and the directory's refusals (apps translate it). */
  reason: z.string().max(80).optional(),
});
export type WireError = z.infer<typeof WireError>;

/** An error the server raises on purpose; mapped once to the wire (ack or HTTP response). */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  readonly fields: string[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly reason: string | undefined;

  constructor(
    code: ErrorCode,
    options: { message?: string; fields?: string[]; retryAfterSeconds?: number; reason?: string } = {},
  ) {
    super(options.message ?? errorCatalog[code].message);
    this.name = 'ProtocolError';
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
  }

  get status(): number {
    return errorCatalog[this.code].status;
  }

  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
    };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in errorCatalog;
}
