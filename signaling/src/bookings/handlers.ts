/** Socket commands of appointments: the point's booking and check-in, the console's shifts and agendas. */
import { ProtocolError } from '@etapiste/protocol';
import type { AdvisorSessions } from '../advisors/advisor-sessions.js';
import type { CommandRouter } from '../realtime/command-router.js';
import type { BookingService } from './booking-service.js';
import type { BookingStore } from './booking-store.js';

export function registerBookingHandlers(
  router: CommandRouter,
  deps: {
    /** Undefined where this process has no database: every booking command answers UNAVAILABLE. */
    bookings: () => { service: BookingService; store: BookingStore } | undefined;
    advisors: AdvisorSessions;
  },
): void {
  const service = () => {
    const found = deps.bookings();
    if (!found) throw new ProtocolError('UNAVAILABLE', { reason: 'no-database' });
    return found.service;
  };
  /** The advisor signed in at the point, as `request:create` wants them (required unless configured). */
  const advisorAt = async (pointId: string | undefined) => {
    if (!pointId) throw new ProtocolError('FORBIDDEN');
    const advisor = await deps.advisors.current(pointId);
    if (!advisor && deps.advisors.settings.required) throw new ProtocolError('ADVISOR_SIGN_IN_REQUIRED');
    if (!advisor) return undefined;
    return { id: advisor.id, displayName: advisor.displayName };
  };
  /**
   * Booking and checking in are the advisor's activity: their idle time starts again once the
   * command succeeded (a refused command changes nothing, as with `request:create`).
   */
  const active = async (pointId: string | undefined, advisor: unknown) => {
    if (pointId && advisor) await deps.advisors.renew(pointId);
  };

  router.handle('booking:slots', async (_context, { agency, language, date }) => ({
    agency,
    language,
    date,
    slots: await service().freeSlots(agency, language, date),
  }));

  router.handle('booking:create', async ({ principal, log }, payload) => {
    const advisor = await advisorAt(principal.pointId);
    const booking = await service().book(principal, payload, advisor);
    await active(principal.pointId, advisor);
    log.info({ bookingId: booking.bookingId, agency: booking.agency, language: booking.language }, 'booked');
    return booking;
  });

  router.handle('booking:cancel', async ({ principal, log }, { bookingId }) => {
    const booking = await service().cancel(principal, bookingId);
    log.info({ bookingId }, 'booking cancelled');
    return booking;
  });

  router.handle('booking:today', async ({ principal }) => {
    if (!principal.pointId) throw new ProtocolError('FORBIDDEN');
    return service().today(principal.pointId);
  });

  router.handle('booking:check-in', async ({ principal, log }, { bookingId, identityCheck }) => {
    const advisor = await advisorAt(principal.pointId);
    const result = await service().checkIn(principal, bookingId, {
      ...(advisor ? { advisor } : {}),
      ...(identityCheck ? { identityCheck } : {}),
    });
    await active(principal.pointId, advisor);
    log.info({ bookingId, ticketId: result.booking.ticketId }, 'booking checked in');
    return result;
  });

  router.handle('shift:publish', async ({ principal, log }, payload) => {
    if (principal.role === 'point') throw new ProtocolError('FORBIDDEN');
    const shift = await service().publishShift(principal, payload);
    log.info({ shiftId: shift.shiftId, expertId: shift.expertId }, 'shift published');
    return shift;
  });

  router.handle('shift:remove', async ({ principal, log }, { shiftId }) => {
    if (principal.role === 'point') throw new ProtocolError('FORBIDDEN');
    await service().removeShift(principal, shiftId);
    log.info({ shiftId }, 'shift removed');
    return { shiftId };
  });

  router.handle('shift:list', async ({ principal }, { from, to }) => {
    if (principal.role === 'point') throw new ProtocolError('FORBIDDEN');
    if (to < from) throw new ProtocolError('VALIDATION_FAILED', { fields: ['to'] });
    return { shifts: await service().listShifts(principal, from, to) };
  });

  router.handle('agenda:day', async ({ principal }, { date }) => service().agendaDay(principal.id, date));

  router.handle('agenda:feed', async ({ principal }) => {
    const found = deps.bookings();
    if (!found) throw new ProtocolError('UNAVAILABLE', { reason: 'no-database' });
    const token = await found.store.newFeedToken(principal.id);
    return { path: `/api/experts/${encodeURIComponent(principal.id)}/agenda.ics?token=${token}` };
  });

  router.handle('booking:overview', async ({ principal }, { date }) => service().overview(principal, date));
}
