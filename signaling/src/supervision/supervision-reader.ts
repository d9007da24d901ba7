/**
 * The wallboard's lists, read from the queue's Redis state (read only, through the presence store
 * and the queue's ticket reader): every specialist skilled for the supervisor's agencies with their
 * state and since when, every service point with its connection and what its customer is doing
 * now, and the sessions in progress in the supervisor's agencies, which they may join (with the
 * supervisor in each, if any).
 */
import type {
  ExpertRow,
  Language,
  LiveSession,
  PointActivity,
  PointRow,
  Skill,
  SupervisionSnapshot,
} from '@etapiste/protocol';
import type { Directory } from '../directory/directory.js';
import type { PresenceStore } from '../presence/presence-store.js';
import type { TicketReader } from '../queue/ticket-reader.js';
import { pointRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { SessionStore } from '../sessions/session-store.js';

/** A specialist as the seed defines them. */
export interface ExpertProfile {
  id: string;
  displayName: string;
  skills: Skill[];
}

/** Agencies a supervisor answers for; `undefined` means all (administrators). */
export type Scope = readonly string[] | undefined;

/** The most advanced state of a point's requests wins: a session outranks a ring, a ring a wait. */
const ACTIVITY_RANK: Record<PointActivity, number> = { idle: 0, waiting: 1, offered: 2, 'in-session': 3 };

export class SupervisionReader {
  constructor(
    private readonly presence: PresenceStore,
    private readonly tickets: TicketReader,
    private readonly directory: Directory,
    /** The specialists in the directory now (it changes with an administrator's edit). */
    private readonly experts: () => readonly ExpertProfile[],
    private readonly io: AppServer,
    /** Where the sessions in progress are read; without it the wallboard lists none. */
    private readonly sessions?: SessionStore,
  ) {}

  async snapshot(scope: Scope): Promise<SupervisionSnapshot> {
    const [experts, points, sessions] = await Promise.all([
      this.expertRows(scope),
      this.pointRows(scope),
      this.liveSessions(scope),
    ]);
    return { at: new Date().toISOString(), experts, points, sessions };
  }

  /** Sessions in progress of the scope's agencies: one per specialist in a session, oldest first. */
  async liveSessions(scope: Scope): Promise<LiveSession[]> {
    const store = this.sessions;
    if (!store) return [];
    const visible = this.experts().filter((e) => !scope || e.skills.some((s) => scope.includes(s.agency)));
    const records = await this.presence.records(visible.map((e) => e.id));
    const rows: LiveSession[] = [];
    for (const [index, expert] of visible.entries()) {
      const { state, sessionId } = records[index] ?? {};
      if (state !== 'in-session' || !sessionId) continue;
      const session = await store.get(sessionId);
      if (!session || session.endedAt !== undefined || (scope && !scope.includes(session.agency))) continue;
      const supervisor = (await store.guests.list(sessionId)).find((g) => g.role === 'supervisor');
      rows.push({
        sessionId,
        visitId: session.visitId,
        pointId: session.pointId,
        agency: session.agency,
        language: session.language,
        expertId: expert.id,
        expertName: expert.displayName,
        answeredAt: new Date(session.answeredAt).toISOString(),
        ...(supervisor ? { supervisorName: supervisor.name } : {}),
      });
    }
    return rows.sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
  }

  async expertRows(scope: Scope): Promise<ExpertRow[]> {
    const visible = this.experts().filter((e) => !scope || e.skills.some((s) => scope.includes(s.agency)));
    if (visible.length === 0) return [];
    const records = await this.presence.records(visible.map((e) => e.id));
    return visible.map((expert, index) => {
      const { state, reason, since } = records[index] ?? {};
      return {
        id: expert.id,
        displayName: expert.displayName,
        state: state ?? 'offline',
        ...(reason ? { reason } : {}),
        ...(since ? { since } : {}),
        skills: expert.skills.filter((s) => !scope || scope.includes(s.agency)),
      };
    });
  }

  async pointRows(scope: Scope): Promise<PointRow[]> {
    const points = this.directory.viewFor({
      id: 'supervision',
      role: 'admin',
      displayName: '',
      capabilities: [],
    }).points;
    if (points.length === 0) return [];
    // One question to every signaling process for all points at once, not one per point.
    const sockets = await this.io.in(points.map((p) => pointRoom(p.id))).fetchSockets();
    const connected = new Set(sockets.map((s) => s.data.principal?.pointId));

    const tickets = await this.tickets.ofPoints(points.map((p) => p.id));
    return points.map((point, index) => {
      let best: { activity: PointActivity; agency: string; language: Language; since: string } | undefined;
      for (const ticket of tickets[index] ?? []) {
        const activity = ticket.state as PointActivity;
        if (!(activity in ACTIVITY_RANK) || activity === 'idle') continue;
        if (!best || ACTIVITY_RANK[activity] > ACTIVITY_RANK[best.activity]) {
          best = { activity, agency: ticket.agency, language: ticket.language, since: ticket.enqueuedAt };
        }
      }
      const inScope = best && (!scope || scope.includes(best.agency));
      return {
        id: point.id,
        connected: connected.has(point.id),
        activity: best?.activity ?? 'idle',
        ...(best && inScope ? { agency: best.agency, language: best.language } : {}),
        ...(best ? { since: best.since } : {}),
      };
    });
  }
}
