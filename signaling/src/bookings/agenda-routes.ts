/**
 * A specialist's bookings as an iCalendar feed (`GET /api/experts/:expertId/agenda.ics`), written by
 * the `ical-generator` library. Calendar apps subscribe to an address and cannot send a sign-in
 * header, so the feed also takes a per-specialist secret in its address (`?token=`, from
 * `agenda:feed`; only its hash is stored, and asking again replaces it). With a Bearer token the
 * specialist themselves, a supervisor of one of their agencies or an admin may read it. The feed
 * holds no customer's personal data: agency, language, topic and point only (docs/security.md).
 */
import { type Principal, ProtocolError, UserId } from '@etapiste/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import ical from 'ical-generator';
import { z } from 'zod';
import type { TokenService } from '../auth/tokens.js';
import type { Directory } from '../directory/directory.js';
import { bearerPrincipal } from '../reports/authenticate.js';
import type { BookingService } from './booking-service.js';
import type { BookingStore } from './booking-store.js';

export interface AgendaRouteDeps {
  tokens: TokenService;
  directory: Directory;
  /** Undefined where this process has no database (UNAVAILABLE). */
  bookings: () => { service: BookingService; store: BookingStore } | undefined;
}

const Params = z.strictObject({ expertId: UserId });
const Query = z.strictObject({ token: z.string().min(20).max(100).optional() });

export async function agendaRoutes(app: FastifyInstance, deps: AgendaRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Who asks is settled before the path is read: without the feed's secret, a valid Bearer token
  // or 401, whatever was asked for.
  const callers = new WeakMap<FastifyRequest, Principal>();
  app.addHook('onRequest', async (request) => {
    if (new URL(request.url, 'http://x').searchParams.has('token')) return;
    callers.set(request, await bearerPrincipal(request, deps.tokens));
  });

  api.get(
    '/api/experts/:expertId/agenda.ics',
    {
      schema: {
        tags: ['bookings'],
        summary: "A specialist's bookings as iCalendar (Bearer token, or the feed's secret `token`)",
        security: [{ bearerAuth: [] }],
        params: Params,
        querystring: Query,
      },
    },
    async (request, reply) => {
      const found = deps.bookings();
      if (!found) throw new ProtocolError('UNAVAILABLE', { reason: 'no-database' });
      const { expertId } = request.params;
      const principal = callers.get(request);
      if (principal) {
        if (!found.service.mayReadAgenda(principal, expertId)) throw new ProtocolError('FORBIDDEN');
      } else if (!request.query.token || !(await found.store.feedTokenValid(expertId, request.query.token))) {
        throw new ProtocolError('UNAUTHENTICATED');
      }
      const expert = deps.directory.user(expertId);
      if (!expert) throw new ProtocolError('NOT_FOUND');
      const calendar = ical({ name: `Etäpiste – ${expert.displayName}`, prodId: '//Etapiste//Agenda//FI', ttl: 900 });
      for (const booking of await found.service.agendaFeed(expertId)) {
        const agency = deps.directory.agency(booking.agency);
        const topic = agency?.topics.find((t) => t.id === booking.topic)?.name.fi;
        const point = deps.directory.point(booking.pointId)?.name.fi ?? booking.pointId;
        calendar.createEvent({
          id: `${booking.bookingId}@etapiste`,
          start: new Date(booking.startsAt),
          end: new Date(booking.endsAt),
          summary: `${agency?.name.fi ?? booking.agency} (${booking.language})${topic ? `: ${topic}` : ''}`,
          location: point,
          description: [
            `${point}`,
            booking.interpreterLanguage ? `Tulkki / tolk / interpreter: ${booking.interpreterLanguage}` : '',
            `Tila / status: ${booking.state}`,
          ]
            .filter(Boolean)
            .join('\n'),
        });
      }
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'inline; filename="agenda.ics"')
        .send(calendar.toString());
    },
  );
}
