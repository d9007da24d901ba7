/**
 * A supervisor joining a session's call (issue 14) against a real Redis and the real server: who
 * may join which session, that everyone in the call — the point included — is told by role and
 * name, that the joined supervisor is a member (chat) with a media grant for the visit's room until
 * they leave or the session ends, that both are audited, and each bad input's one coded answer:
 * a session not of the supervisor's agencies, a second supervisor, a session that has ended.
 */
import type {
  ChatHistory,
  ChatMessage,
  Offer,
  Principal,
  Session,
  SessionParticipants,
  SupervisionSnapshot,
} from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MediaGrants } from '../src/media/grants.js';
import { PresenceStore } from '../src/presence/presence-store.js';
import { SessionStore } from '../src/sessions/session-store.js';
import { VisitStore } from '../src/visits/visit-store.js';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, tokenFor, writeQueueSeed } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(60_000);

const boss = (id: string, agencies: string[]): Principal => ({
  id,
  role: 'supervisor',
  displayName: `Boss ${id}`,
  capabilities: ['supervise'],
  agencies,
});

describe('a supervisor in the call', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const track = (socket: TestSocket) => {
    sockets.push(socket);
    return socket;
  };
  const asExpert = async (id: string) => track(await connect(h.baseUrl, await tokenFor(h.signaling, id)));
  const asPoint = async (id: string) => track(await connect(h.baseUrl, await pointToken(h.signaling, id)));
  const asSupervisor = async (principal: Principal) =>
    track(await connect(h.baseUrl, (await h.signaling.tokens.issueAccess(principal)).token));
  const grants = () => {
    const sessions = new SessionStore(h.redis, h.signaling.keys);
    return new MediaGrants(
      new VisitStore(h.redis, h.signaling.keys),
      new PresenceStore(h.redis, h.signaling.keys),
      sessions,
    );
  };

  /** A session of `agency` between `pointId` and `expertId`, started through the queue. */
  const startSession = async (expert: TestSocket, point: TestSocket, agency: string): Promise<Session> => {
    await ok(request(expert, 'presence:set', { state: 'available' }));
    const offered = nextEvent(expert, 'offer:incoming');
    await ok(request(point, 'request:create', { agency, language: 'fi' }));
    const offer: Offer = await offered;
    return ok<Session>(request(expert, 'offer:accept', { offerId: offer.offerId }));
  };

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed([
        { id: 'tax-fi', skills: [{ agency: 'tax', language: 'fi' }] },
        { id: 'kela-fi', skills: [{ agency: 'kela', language: 'fi' }] },
      ]),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      SUPERVISION_PUSH_SECONDS: '0.1',
    });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('joins with notice to everyone, is a member with a media grant, and leaves with notice; both audited', async () => {
    const expert = await asExpert('tax-fi');
    const point = await asPoint('p1');
    const session = await startSession(expert, point, 'tax');
    const { sessionId, visitId } = session;
    const supervisor = await asSupervisor(boss('anna', ['tax']));

    // The wallboard lists the session in progress, which the supervisor may join.
    const board = await ok<SupervisionSnapshot>(request(supervisor, 'supervision:subscribe', {}));
    expect(board.sessions).toEqual([
      expect.objectContaining({ sessionId, visitId, pointId: 'p1', agency: 'tax', expertId: 'tax-fi' }),
    ]);

    // Before the join: no grant for the visit's room, and nothing of the session to read.
    const principal = boss('anna', ['tax']);
    await expect(grants().resolve(principal, visitId)).rejects.toMatchObject({ code: 'MEDIA_NOT_GRANTED' });
    expect(await code(request(supervisor, 'session:participants:get', { sessionId }))).toBe('NOT_FOUND');

    // The join: the point and the specialist are both told who joined, by role and name.
    const atPoint = nextEvent(point, 'session:participants');
    const atExpert = nextEvent(expert, 'session:participants');
    const joined = await ok<SessionParticipants>(request(supervisor, 'session:join-as-supervisor', { sessionId }));
    expect(joined.participants.map((p) => [p.role, p.participantId, p.name])).toEqual([
      ['point', 'point:p1', expect.any(String)],
      ['expert', 'expert:tax-fi', 'tax-fi'],
      ['supervisor', 'supervisor:anna', 'Boss anna'],
    ]);
    expect(joined.change).toMatchObject({ kind: 'joined', participant: { role: 'supervisor', name: 'Boss anna' } });
    expect(await atPoint).toEqual(joined);
    expect(await atExpert).toEqual(joined);
    // Asked again (a reload): the same list, announced no second time.
    const again = await ok<SessionParticipants>(request(supervisor, 'session:join-as-supervisor', { sessionId }));
    expect(again.participants).toEqual(joined.participants);
    expect(again.change).toBeUndefined();

    // Every side reads the same list.
    for (const socket of [point, expert, supervisor]) {
      const list = await ok<SessionParticipants>(request(socket, 'session:participants:get', { sessionId }));
      expect(list.participants).toEqual(joined.participants);
    }

    // A media grant for the visit's room (microphone and camera), and the chat as a member.
    expect(await grants().resolve(principal, visitId)).toMatchObject({
      roomId: visitId,
      participantId: 'supervisor:anna',
      role: 'supervisor',
      sources: ['microphone', 'camera'],
      sessionId,
    });
    await expect(grants().resolve(principal, 'another-visit')).rejects.toMatchObject({ code: 'MEDIA_NOT_GRANTED' });
    const chatAtSupervisor = nextEvent(supervisor, 'chat:message');
    const sent = await ok<ChatMessage>(request(point, 'chat:send', { sessionId, text: 'Hei' }));
    expect(await chatAtSupervisor).toEqual(sent);
    expect((await ok<ChatHistory>(request(supervisor, 'chat:history', { sessionId }))).messages).toEqual([sent]);

    // The wallboard names the supervisor in the call.
    await until('the wallboard names the supervisor', async () => {
      const snapshot = await h.signaling.supervision.reader.snapshot(['tax']);
      return snapshot.sessions?.[0]?.supervisorName === 'Boss anna';
    });

    // The leave: everyone is told, the supervisor too; the grant and the membership end.
    const leftAtPoint = nextEvent(point, 'session:participants');
    const leftAtSupervisor = nextEvent(supervisor, 'session:participants');
    const revoked = nextEvent(supervisor, 'media:revoked');
    const left = await ok<SessionParticipants>(request(supervisor, 'session:leave-as-supervisor', { sessionId }));
    expect(left.participants.map((p) => p.role)).toEqual(['point', 'expert']);
    expect(left.change).toMatchObject({ kind: 'left', participant: { participantId: 'supervisor:anna' } });
    expect(await leftAtPoint).toEqual(left);
    expect(await leftAtSupervisor).toEqual(left);
    expect(await revoked).toEqual({ roomId: visitId, reason: 'left' });
    await expect(grants().resolve(principal, visitId)).rejects.toMatchObject({ code: 'MEDIA_NOT_GRANTED' });
    expect(await code(request(supervisor, 'chat:history', { sessionId }))).toBe('NOT_FOUND');
    expect(await code(request(supervisor, 'session:leave-as-supervisor', { sessionId }))).toBe('NOT_IN_SESSION');

    await until('the join and the leave on the audit trail', async () => {
      const jobs = await h.signaling.audit.queue.getJobs(['waiting', 'active', 'completed', 'delayed']);
      const mine = jobs.filter((j) => j.data.target === `session:${sessionId}`).map((j) => j.data.action);
      return mine.filter((a) => a === 'supervisor.join').length === 1 && mine.includes('supervisor.leave');
    });
    const jobs = await h.signaling.audit.queue.getJobs(['waiting', 'active', 'completed', 'delayed']);
    const joinEvent = jobs.find((j) => j.data.action === 'supervisor.join' && j.data.target === `session:${sessionId}`);
    expect(joinEvent?.data).toMatchObject({
      actor: { id: 'anna', role: 'supervisor' },
      details: { agency: 'tax', pointId: 'p1', expertId: 'tax-fi' },
    });

    await ok(request(expert, 'session:end', { sessionId }));
  });

  it('refuses another agency, a second supervisor and an ended session, each with its code, changing nothing', async () => {
    const expert = await asExpert('kela-fi');
    const point = await asPoint('p2');
    const { sessionId } = await startSession(expert, point, 'kela');
    const taxBoss = await asSupervisor(boss('tero', ['tax']));
    const first = await asSupervisor(boss('kaisa', ['kela']));
    const second = await asSupervisor(boss('kalle', ['kela', 'tax']));
    const specialist = await asExpert('tax-fi');

    expect(await code(request(taxBoss, 'session:join-as-supervisor', { sessionId }))).toBe('OUTSIDE_YOUR_AGENCIES');
    expect(await code(request(taxBoss, 'session:join-as-supervisor', { sessionId: 'no-such-session' }))).toBe(
      'NOT_FOUND',
    );
    // A specialist cannot join as a supervisor at all (the capability gate).
    expect(await code(request(specialist, 'session:join-as-supervisor', { sessionId }))).toBe('FORBIDDEN');
    expect(await code(request(taxBoss, 'session:join-as-supervisor', { session: sessionId }))).toBe(
      'VALIDATION_FAILED',
    );

    // Two supervisors at once: exactly one is in.
    const results = await Promise.all([
      code(request(first, 'session:join-as-supervisor', { sessionId })),
      code(request(second, 'session:join-as-supervisor', { sessionId })),
    ]);
    expect([...results].sort()).toEqual(['SUPERVISOR_ALREADY_PRESENT', 'ok']);
    const list = await ok<SessionParticipants>(request(point, 'session:participants:get', { sessionId }));
    expect(list.participants.filter((p) => p.role === 'supervisor')).toHaveLength(1);

    // The session ends: its supervisor is out (told by media:revoked), and nobody joins any more.
    const inside = results[0] === 'ok' ? first : second;
    const outside = inside === first ? second : first;
    const revoked = nextEvent(inside, 'media:revoked');
    await ok(request(expert, 'session:end', { sessionId }));
    expect(await revoked).toMatchObject({ reason: 'session-ended' });
    const afterEnd = await ok<SessionParticipants>(request(point, 'session:participants:get', { sessionId }));
    expect(afterEnd.participants.map((p) => p.role)).toEqual(['point', 'expert']);
    expect(await code(request(outside, 'session:join-as-supervisor', { sessionId }))).toBe('SESSION_OVER');
    expect(await code(request(inside, 'session:join-as-supervisor', { sessionId }))).toBe('SESSION_OVER');
    expect(await h.redis.exists(h.signaling.keys.sessionGuests(sessionId))).toBe(0);
  });
});
