/**
 * Socket commands of the console beyond the queue: a specialist's work in progress (and an invite
 * ringing at anyone, a supervisor too), and the wallboard (live figures, lists, history).
 */
import type { Principal } from '@etapiste/protocol';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { CommandRouter } from '../realtime/command-router.js';
import { metricsRoom, supervisionRoom } from '../realtime/rooms.js';
import type { Scope } from './supervision-reader.js';
import type { SupervisionRuntime } from './supervision-runtime.js';

/** Supervisors see their agencies, administrators all. */
export function scopeOf(principal: Principal): Scope {
  return principal.capabilities.includes('administer') ? undefined : (principal.agencies ?? []);
}

export function registerSupervisionHandlers(
  router: CommandRouter,
  supervision: SupervisionRuntime,
  audit?: AuditTrail,
): void {
  router.handle('work:current', async ({ principal }) => supervision.currentWork.read(principal));

  // The live figures of every queue in scope now; the subscription is the membership of the
  // agencies' rooms, which the figures are pushed to when they change. The agencies are marked
  // watched before the snapshot is read, so every process pushes a change made after that read.
  router.handle('metrics:subscribe', async ({ socket, principal }) => {
    const agencies = supervision.metrics.agenciesIn(scopeOf(principal));
    await supervision.metrics.watch(agencies);
    const snapshot = await supervision.metrics.snapshot(scopeOf(principal));
    await socket.join(agencies.map(metricsRoom));
    return snapshot;
  });

  router.handle('supervision:subscribe', async ({ socket, principal, log }) => {
    const scope = scopeOf(principal);
    // Opening the wallboard shows who works and who waits: a view of people's work, recorded like
    // a report read (not each push after it). A lost hand-over is logged, the wallboard still opens.
    await audit
      ?.record(
        'report.view',
        { id: principal.id, role: principal.role },
        {
          target: 'report:wallboard',
          details: { agencies: scope ?? 'all' },
        },
      )
      .catch((error: unknown) => log.error({ err: error }, 'audit event not recorded'));
    const room = supervisionRoom(scope);
    const snapshot = await supervision.reader.snapshot(scope);
    await socket.join(room);
    return snapshot;
  });

  router.handle('supervision:history', async ({ principal }) => supervision.history.read(scopeOf(principal)));
}
