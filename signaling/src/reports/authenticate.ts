/** The caller of an HTTP API route: a Bearer access token, verified like a socket's token. */
import { type Principal, ProtocolError } from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TokenService } from '../auth/tokens.js';

export async function bearerPrincipal(request: FastifyRequest, tokens: TokenService): Promise<Principal> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
  if (!match?.[1]) throw new ProtocolError('UNAUTHENTICATED');
  return (await tokens.verifyAccess(match[1])).principal;
}

/**
 * Settles who is asking before anything else of a request is read (path, query, body and their
 * schemas): `identify` runs at `onRequest` for every route of this plugin (a bearer token's principal
 * by default, or a stricter check that refuses), so a caller without a valid token gets 401 whatever
 * they sent. Returns the caller of a request, from a handler.
 */
export function identifyFirst(
  app: FastifyInstance,
  identify: (request: FastifyRequest) => Promise<Principal>,
): (request: FastifyRequest) => Principal {
  const callers = new WeakMap<FastifyRequest, Principal>();
  app.addHook('onRequest', async (request) => {
    callers.set(request, await identify(request));
  });
  return (request) => {
    const principal = callers.get(request);
    if (!principal) throw new ProtocolError('UNAUTHENTICATED');
    return principal;
  };
}
