/**
 * Maps every error of the control API to the wire once, as an Ack with its code.
 */
import { ProtocolError } from '@etapiste/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every error of the control API as an Ack with its wire code. A refused command is a 200 (the
 * request itself was fine); what is wrong with the request itself keeps its HTTP status: not
 * signed (401), over the body limit (413), or another malformed request Fastify refused. Anything
 * unexpected is logged and answered INTERNAL.
 */
export function controlErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let wire: ProtocolError;
  let status = 200;
  if (error instanceof ProtocolError) {
    wire = error;
    if (error.code === 'UNAUTHENTICATED') status = 401;
  } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    wire = new ProtocolError('PAYLOAD_TOO_LARGE');
    status = 413;
  } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    wire = new ProtocolError('VALIDATION_FAILED', { message: error.message.slice(0, 200) });
    status = error.statusCode;
  } else {
    request.log.error({ err: error, url: request.url }, 'control command failed');
    wire = new ProtocolError('INTERNAL');
  }
  return reply.status(status).send({ ok: false, error: wire.toWire() });
}
