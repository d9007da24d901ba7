/**
 * Inviting into a session under way (issue 14 item 1) on a real Redis with the real server: the
 * session's specialist invites a colleague of an agency × language (a consultation) or an
 * interpreter; the one free longest rings, reserved in the same step; on accept they are a guest of
 * the call (listed and announced to everyone, a media grant for the visit's room) until they leave
 * or the session ends, when they go back to work; decline and timeout are told to the inviter.
 * Each refusal changes nothing. Two inviters racing for the one free colleague: exactly one gets them.
 * A consultation is no transaction of its own.
 */
import type { InviteIncoming, Principal, Session, SessionInviteResult, SessionParticipants } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MediaGrants } from '../src/media/grants.js';
import { PresenceStore } from '../src/presence/presence-store.js';
import { SessionStore } from '../src/sessions/session-store.js';
import { VisitStore } from '../src/visits/visit-store.js';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, snapshot, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(60_000);

const PEOPLE: TestExpert[] = [
  // Inviters: tax in Finnish (sa), tax in Swedish (sb).
  { id: 'sa', skills: [{ agency: 'tax', language: 'fi' }] },
  { id: 'sb', skills: [{ agency: 'tax', language: 'sv' }] },
  // Colleagues of Kela in Finnish; sa is also one, to be excluded from their own invite.
  { id: 'ka', skills: [{ agency: 'kela', language: 'fi' }] },
  { id: 'kb', skills: [{ agency: 'kela', language: 'fi' }] },
  { id: 'ks', skills: [{ agency: 'kela', language: 'sv' }] },
  // Connects only in the test of lost connections (so no earlier socket of theirs stays live).
  { id: 'kc', skills: [{ agency: 'kela', language: 'fi' }] },
  { id: 'ix', skills: [], interpreterPairs: [{ language: 'ar', serviceLanguage: 'fi' }] },
];

const serving = (id: string, role: 'expert' | 'interpreter' = 'expert'): Principal => ({
  id,
  role,
  displayName: id,
  capabilities: ['serve'],
});

describe('inviting into a session', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const as = async (token: string) => {
    const socket = await connect(h.baseUrl, token);
    sockets.push(socket);
    return socket;
  };
  const person = async (id: string) => as(await tokenFor(h.signaling, id));
  const point = async (id: string) => as(await pointToken(h.signaling, id));
  const stateOf = (id: string) => h.redis.hget(`${h.prefix}expert:${id}:presence`, 'state');
  const grants = () =>
    new MediaGrants(
      new VisitStore(h.redis, h.signaling.keys),
      new PresenceStore(h.redis, h.signaling.keys),
      new SessionStore(h.redis, h.signaling.keys),
    );
  const invite = (socket: TestSocket, payload: Record<string, unknown>) =>
    ok<SessionInviteResult>(request(socket, 'session:invite', payload));

  /** A session of `agency` × `language` between the point and the specialist (alone free in that queue). */
  const startSession = async (expert: TestSocket, p: TestSocket, agency: string, language: string) => {
    const offered = nextEvent(expert, 'offer:incoming');
    await ok(request(expert, 'presence:set', { state: 'available' }));
    await ok(request(p, 'request:create', { agency, language, whenUnavailable: 'wait' }));
    const offer = await offered;
    return ok<Session>(request(expert, 'offer:accept', { offerId: offer.offerId }));
  };

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed(PEOPLE, ['p1', 'p2', 'p3', 'p4']),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      OFFER_TIMEOUT_SECONDS: '3',
      EXPERT_GRACE_SECONDS: '1',
      POINT_GRACE_SECONDS: '60',
    });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('brings a colleague into the call: rings, joins, is listed and announced, has the media grant, leaves, comes again and is freed at the end; one transaction', async () => {
    const sa = await person('sa');
    const ka = await person('ka');
    const p1 = await point('p1');
    const session = await startSession(sa, p1, 'tax', 'fi');
    await ok(request(ka, 'presence:set', { state: 'available' }));

    const ringing = nextEvent(ka, 'invite:incoming');
    const made = await invite(sa, { sessionId: session.sessionId, kind: 'colleague', agency: 'kela', language: 'fi' });
    expect(made.inviteeName).toBe('ka');
    const incoming: InviteIncoming = await ringing;
    expect(incoming).toMatchObject({
      inviteId: made.inviteId,
      sessionId: session.sessionId,
      visitId: session.visitId,
      kind: 'colleague',
      agency: 'tax',
      language: 'fi',
      from: 'sa',
    });
    // Reserved: ringing, out of the availability set, no grant yet.
    expect(await stateOf('ka')).toBe('offered');
    expect(await h.redis.zscore(`${h.prefix}avail:kela:fi`, 'ka')).toBeNull();
    await expect(grants().resolve(serving('ka'), session.visitId)).rejects.toMatchObject({
      code: 'MEDIA_NOT_GRANTED',
    });

    // Accepted: the inviter is told, everyone in the call (the point too) sees who joined.
    const answered = nextEvent(sa, 'invite:answered');
    const atPoint = nextEvent(p1, 'session:participants', (p) => p.change?.kind === 'joined');
    const joined = await ok<SessionParticipants>(request(ka, 'invite:accept', { inviteId: made.inviteId }));
    expect(joined.participants.map((p) => [p.role, p.participantId])).toEqual([
      ['point', 'point:p1'],
      ['expert', 'expert:sa'],
      ['consultant', 'expert:ka'],
    ]);
    expect(await answered).toEqual({ inviteId: made.inviteId, outcome: 'accepted' });
    expect((await atPoint).change).toMatchObject({ kind: 'joined', participant: { role: 'consultant', name: 'ka' } });
    expect(await stateOf('ka')).toBe('in-session');
    expect(await grants().resolve(serving('ka'), session.visitId)).toMatchObject({
      participantId: 'expert:ka',
      role: 'expert',
      sessionId: session.sessionId,
    });
    await expect(grants().resolve(serving('ka'), 'another-visit-id')).rejects.toMatchObject({
      code: 'MEDIA_NOT_GRANTED',
    });
    // A member of the session (chat), who cannot end it.
    await ok(request(ka, 'chat:history', { sessionId: session.sessionId }));
    expect(await code(request(ka, 'session:end', { sessionId: session.sessionId }))).toBe('NOT_IN_SESSION');
    // The invite is answered: answering it again is INVITE_GONE.
    expect(await code(request(ka, 'invite:accept', { inviteId: made.inviteId }))).toBe('INVITE_GONE');

    // The consultant leaves before the end: available again, the call told, no grant.
    const leftAtPoint = nextEvent(p1, 'session:participants', (p) => p.change?.kind === 'left');
    const back = await ok<{ state: string }>(request(ka, 'session:leave-as-guest', { sessionId: session.sessionId }));
    expect(back.state).toBe('available');
    expect((await leftAtPoint).participants.map((p) => p.role)).toEqual(['point', 'expert']);
    await expect(grants().resolve(serving('ka'), session.visitId)).rejects.toMatchObject({
      code: 'MEDIA_NOT_GRANTED',
    });
    expect(await code(request(ka, 'session:leave-as-guest', { sessionId: session.sessionId }))).toBe('NOT_IN_SESSION');

    // Invited again and in the call when the session ends: back to work, available.
    const again = nextEvent(ka, 'invite:incoming');
    const second = await invite(sa, { sessionId: session.sessionId, kind: 'colleague', agency: 'kela' });
    await again;
    await ok(request(ka, 'invite:accept', { inviteId: second.inviteId }));
    await ok(request(sa, 'session:end', { sessionId: session.sessionId }));
    await until('the consultant available again', async () => (await stateOf('ka')) === 'available');
    expect(await h.redis.zscore(`${h.prefix}avail:kela:fi`, 'ka')).not.toBeNull();
    await expect(grants().resolve(serving('ka'), session.visitId)).rejects.toMatchObject({
      code: 'MEDIA_NOT_GRANTED',
    });
    expect(await h.redis.exists(`${h.prefix}session:${session.sessionId}:guests`)).toBe(0);

    // One transaction for the visit: the consultation is no transaction of its own.
    await ok(request(sa, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    await until('handed over', async () => (await h.redis.scard(`${h.prefix}tx:pending`)) === 0);
    const jobs =
      (await h.signaling.queue.outbox.queues
        .get('transactions')
        ?.getJobs(['waiting', 'completed', 'active', 'delayed', 'failed'])) ?? [];
    const ofVisit = jobs.filter((job) => JSON.stringify(job.data).includes(session.visitId));
    expect(ofVisit.map((job) => job.id)).toEqual([session.sessionId]);
    await ok(request(ka, 'presence:set', { state: 'away', reason: 'break' }));
    await ok(request(sa, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('tells the inviter of a decline (the colleague available) and of a timeout (the colleague away, missed)', async () => {
    const sa = await person('sa');
    const kb = await person('kb');
    const p2 = await point('p2');
    const session = await startSession(sa, p2, 'tax', 'fi');
    await ok(request(kb, 'presence:set', { state: 'available' }));

    const declined = nextEvent(sa, 'invite:answered');
    const first = await invite(sa, { sessionId: session.sessionId, kind: 'colleague', agency: 'kela', language: 'fi' });
    const status = await ok<{ state: string }>(request(kb, 'invite:decline', { inviteId: first.inviteId }));
    expect(status.state).toBe('available');
    expect(await declined).toEqual({ inviteId: first.inviteId, outcome: 'declined' });
    expect(await h.redis.zscore(`${h.prefix}avail:kela:fi`, 'kb')).not.toBeNull();

    const timedOut = nextEvent(sa, 'invite:answered', () => true, 10_000);
    const second = await invite(sa, {
      sessionId: session.sessionId,
      kind: 'colleague',
      agency: 'kela',
      language: 'fi',
    });
    expect(await timedOut).toEqual({ inviteId: second.inviteId, outcome: 'timeout' });
    expect(await stateOf('kb')).toBe('away');
    expect(await h.redis.hget(`${h.prefix}expert:kb:presence`, 'reason')).toBe('missed-offer');
    expect(await code(request(kb, 'invite:accept', { inviteId: second.inviteId }))).toBe('INVITE_GONE');
    expect(await h.redis.zscore(`${h.prefix}deadlines`, `invite|${second.inviteId}`)).toBeNull();
    await ok(request(sa, 'session:end', { sessionId: session.sessionId }));
    await ok(request(sa, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    await ok(request(sa, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('frees an invitee who accepts after the session ended (SESSION_OVER), and invites an interpreter', async () => {
    const sa = await person('sa');
    const ix = await person('ix');
    const ka = await person('ka');
    const p3 = await point('p3');
    const session = await startSession(sa, p3, 'tax', 'fi');
    await ok(request(ka, 'presence:set', { state: 'available' }));
    await ok(request(ix, 'presence:set', { state: 'available' }));

    // An interpreter of the pool: listed as the interpreter, granted as one.
    const ringingInterpreter = nextEvent(ix, 'invite:incoming');
    const asked = await invite(sa, { sessionId: session.sessionId, kind: 'interpreter', interpreterLanguage: 'ar' });
    expect(asked.inviteeName).toBe('ix');
    expect(await ringingInterpreter).toMatchObject({ kind: 'interpreter', interpreterLanguage: 'ar', from: 'sa' });
    const joined = await ok<SessionParticipants>(request(ix, 'invite:accept', { inviteId: asked.inviteId }));
    expect(joined.participants.at(-1)).toMatchObject({ role: 'interpreter', participantId: 'interpreter:ix' });
    expect(await grants().resolve(serving('ix', 'interpreter'), session.visitId)).toMatchObject({
      participantId: 'interpreter:ix',
      role: 'interpreter',
    });

    // A colleague rings, the session ends meanwhile, they accept: SESSION_OVER, and free again.
    const ringing = nextEvent(ka, 'invite:incoming');
    const made = await invite(sa, { sessionId: session.sessionId, kind: 'colleague', agency: 'kela', language: 'fi' });
    await ringing;
    await ok(request(sa, 'session:end', { sessionId: session.sessionId }));
    await until('the interpreter back to work', async () => (await stateOf('ix')) === 'available');
    const cancelled = nextEvent(sa, 'invite:answered');
    expect(await code(request(ka, 'invite:accept', { inviteId: made.inviteId }))).toBe('SESSION_OVER');
    expect(await cancelled).toEqual({ inviteId: made.inviteId, outcome: 'cancelled' });
    expect(await stateOf('ka')).toBe('available');
    expect(await h.redis.zscore(`${h.prefix}avail:kela:fi`, 'ka')).not.toBeNull();
    expect(await h.redis.hget(`${h.prefix}session:${session.sessionId}:guests`, 'expert:ka')).toBeNull();
    await ok(request(sa, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    for (const s of [sa, ka, ix]) await ok(request(s, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('refuses a session not yours, yourself, nobody free, an unknown language, a session over, changing nothing', async () => {
    const sa = await person('sa');
    const sb = await person('sb');
    const ks = await person('ks');
    const p4 = await point('p4');
    const session = await startSession(sb, p4, 'tax', 'sv');
    await ok(request(sa, 'presence:set', { state: 'away', reason: 'break' }));
    await ok(request(ks, 'presence:set', { state: 'available' }));
    const before = await snapshot(h.redis, h.prefix);
    const bad = (socket: TestSocket, payload: Record<string, unknown>) =>
      code(request(socket, 'session:invite', { sessionId: session.sessionId, ...payload }));
    // Not the session's own specialist.
    expect(await bad(sa, { kind: 'colleague', agency: 'kela', language: 'sv' })).toBe('FORBIDDEN');
    // Naming oneself.
    expect(await bad(sb, { kind: 'colleague', agency: 'tax', language: 'sv', inviteeId: 'sb' })).toBe('INVITE_SELF');
    // Nobody free there (sb, the only one of tax sv, is the inviter), nor in an empty pool.
    expect(await bad(sb, { kind: 'colleague' })).toBe('NO_ONE_FREE');
    expect(await bad(sb, { kind: 'colleague', agency: 'kela', language: 'sv', inviteeId: 'ka' })).toBe('NO_ONE_FREE');
    expect(await bad(sb, { kind: 'interpreter', interpreterLanguage: 'so' })).toBe('NO_INTERPRETER_LANGUAGE');
    expect(await bad(sb, { kind: 'colleague', agency: 'kela', language: 'en' })).toBe('UNKNOWN_LANGUAGE');
    expect(await bad(sb, { kind: 'interpreter' })).toBe('VALIDATION_FAILED');
    expect(await code(request(ks, 'invite:accept', { inviteId: 'no-such-invite-id' }))).toBe('INVITE_GONE');
    expect(await code(request(ks, 'invite:decline', { inviteId: 'no-such-invite-id' }))).toBe('INVITE_GONE');
    expect(await snapshot(h.redis, h.prefix)).toEqual(before);

    // A session that is over: nobody is invited into it.
    await ok(request(sb, 'session:end', { sessionId: session.sessionId }));
    expect(await bad(sb, { kind: 'colleague', agency: 'kela', language: 'sv' })).toBe('SESSION_OVER');
    expect(await stateOf('ks')).toBe('available');
    await ok(request(sb, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    for (const s of [sb, ks]) await ok(request(s, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('takes a consultant whose connection is gone out of the call, and cancels an invite ringing at one gone', async () => {
    const sa = await person('sa');
    let kc = await person('kc');
    const p3 = await point('p3');
    const session = await startSession(sa, p3, 'tax', 'fi');
    await ok(request(kc, 'presence:set', { state: 'available' }));
    const made = await invite(sa, { sessionId: session.sessionId, kind: 'colleague', agency: 'kela', language: 'fi' });
    await ok(request(kc, 'invite:accept', { inviteId: made.inviteId }));
    const left = nextEvent(p3, 'session:participants', (p) => p.change?.kind === 'left', 10_000);
    kc.close();
    expect((await left).change?.participant).toMatchObject({ role: 'consultant', participantId: 'expert:kc' });
    await until('the consultant offline', async () => (await stateOf('kc')) === 'offline');
    // The session goes on, with its two sides.
    expect(await h.redis.hget(`${h.prefix}session:${session.sessionId}`, 'endedAt')).toBeNull();
    expect(await stateOf('sa')).toBe('in-session');

    // Invited again, gone while it rings: the inviter is told, the invite is over.
    kc = await person('kc');
    await ok(request(kc, 'presence:set', { state: 'available' }));
    const second = await invite(sa, {
      sessionId: session.sessionId,
      kind: 'colleague',
      agency: 'kela',
      language: 'fi',
    });
    const told = nextEvent(sa, 'invite:answered', () => true, 10_000);
    kc.close();
    expect(await told).toEqual({ inviteId: second.inviteId, outcome: 'cancelled' });
    expect(await stateOf('kc')).toBe('offline');
    expect(await h.redis.exists(`${h.prefix}invite:${second.inviteId}`)).toBe(0);
    expect(await h.redis.zscore(`${h.prefix}deadlines`, `invite|${second.inviteId}`)).toBeNull();
    await ok(request(sa, 'session:end', { sessionId: session.sessionId }));
    await ok(request(sa, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    await ok(request(sa, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('gives the one free colleague to exactly one of two inviters racing', async () => {
    const sa = await person('sa');
    const sb = await person('sb');
    const kb = await person('kb');
    const [p1, p2] = await Promise.all([point('p1'), point('p2')]);
    const first = await startSession(sa, p1, 'tax', 'fi');
    const second = await startSession(sb, p2, 'tax', 'sv');
    await ok(request(kb, 'presence:set', { state: 'available' }));
    const answers = await Promise.all([
      request(sa, 'session:invite', { sessionId: first.sessionId, kind: 'colleague', agency: 'kela', language: 'fi' }),
      request(sb, 'session:invite', { sessionId: second.sessionId, kind: 'colleague', agency: 'kela', language: 'fi' }),
    ]);
    const won = answers.filter((a) => a.ok);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.error.code))).toEqual(['NO_ONE_FREE']);
    expect(await stateOf('kb')).toBe('offered');
    const inviteId = await h.redis.hget(`${h.prefix}expert:kb:presence`, 'inviteId');
    const [holder] = await h.redis.keys(`${h.prefix}invite:*`);
    expect(holder).toBe(`${h.prefix}invite:${inviteId}`);
    await ok(request(kb, 'invite:decline', { inviteId }));
    for (const [s, sid] of [
      [sa, first.sessionId],
      [sb, second.sessionId],
    ] as const) {
      await ok(request(s, 'session:end', { sessionId: sid }));
      await ok(request(s, 'session:wrap-up', { sessionId: sid, outcome: 'resolved' }));
    }
  });
});
