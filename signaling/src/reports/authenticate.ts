/** The caller of an HTTP API route: a Bearer access token, verified like a socket's token. */
import { type Principal, ProtocolError } from '@etapiste/protocol';
import type { FastifyRequest } from 'fastify';
import type { TokenService } from '../auth/tokens.js';

export async function bearerPrincipal(request: FastifyRequest, tokens: TokenService): Promise<Principal> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
  if (!match?.[1]) throw new ProtocolError('UNAUTHENTICATED');
  return (await tokens.verifyAccess(match[1])).principal;
}
