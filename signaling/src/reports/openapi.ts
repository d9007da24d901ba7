/**
 * The HTTP API's OpenAPI document, generated from the routes' zod schemas (the same ones that
 * validate requests), served at `/api/openapi.json`. Registered before any route so that every
 * route, auth, reports and admin alike, is in it.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export const openApi = fp(
  async (app: FastifyInstance, options: { version: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Etäpiste signaling HTTP API',
          version: options.version,
          description:
            'Sign-in, reports and administration. Real-time commands go over Socket.IO (docs/protocol.md). ' +
            'Errors answer `{ error: { code, message } }` with the codes of packages/protocol/src/errors.ts.',
        },
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        tags: [
          { name: 'auth', description: 'Sign-in and token refresh' },
          { name: 'reports', description: 'The transaction ledger: every report as JSON and as CSV (`.csv`)' },
          {
            name: 'admin',
            description:
              'Administrators only: the directory (versioned edits, STALE_VERSION on a stale one), device keys, ' +
              'the audit trail, ledger corrections and erasure on request',
          },
        ],
      },
      transform: jsonSchemaTransform,
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'etapiste-openapi' },
);
