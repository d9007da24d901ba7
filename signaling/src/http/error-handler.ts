/**
 * Maps every error to the wire once: ProtocolError keeps its code, schema failures become
 * VALIDATION_FAILED with field paths, rate limits RATE_LIMITED, anything else INTERNAL (logged,
 * never shown).
 */
import { type ErrorCode, errorCatalog, ProtocolError } from '@etapiste/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let wire: ProtocolError;
    if (error instanceof ProtocolError) {
      wire = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      wire = new ProtocolError('VALIDATION_FAILED', {
        fields: error.validation.map((v) => v.instancePath.replace(/^\//, '').replaceAll('/', '.')),
      });
    } else if (error.statusCode === 429) {
      wire = new ProtocolError('RATE_LIMITED');
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      wire = new ProtocolError('PAYLOAD_TOO_LARGE');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      wire = new ProtocolError(codeForStatus(error.statusCode));
    } else {
      request.log.error({ err: error }, 'unhandled error');
      wire = new ProtocolError('INTERNAL');
    }
    if (wire.retryAfterSeconds !== undefined) reply.header('retry-after', String(wire.retryAfterSeconds));
    return reply.status(wire.status).send({ error: wire.toWire() });
  });

  app.setNotFoundHandler((_request, reply) => {
    const error = new ProtocolError('NOT_FOUND');
    return reply.status(error.status).send({ error: error.toWire() });
  });
}

function codeForStatus(status: number): ErrorCode {
  const match = (Object.keys(errorCatalog) as ErrorCode[]).find((code) => errorCatalog[code].status === status);
  return match ?? 'VALIDATION_FAILED';
}
