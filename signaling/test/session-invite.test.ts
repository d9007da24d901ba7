/**
 * Inviting into a session under way (issue 14 item 1) on a real Redis with the real server: the
 * session's specialist invites a colleague of an agency × language (a consultation), an
 * interpreter, or a supervisor of the session's agency; the one free longest rings, reserved in the
 * same step; on accept they are a guest of the call (listed and announced to everyone, a media grant
 * for the visit's room) until they leave or the session ends, when they go back to work; decline
 * and timeout are told to the inviter. A supervisor rings only when at work in the console and in no
 * call, and joins as from the wallboard, announced as invited and audited. Each refusal changes
 * nothing. Two inviters racing for the one free colleague: exactly one gets them. A consultation is
 * no transaction of its own; an invited interpreter's minutes are billed with the session's. A
 * reload while an invite rings, or while in the call by invite, gets it back (`work:current`).
 */
import type {
  CurrentWork,
  InviteIncoming,
  Principal,
  Session,
  SessionInviteResult,
  SessionParticipants,
} from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MediaGrants } from '../src/media/grants.js';
import { PresenceStore } from '../src/presence/presence-store.js';
import { parseSessionRecord, sessionTransaction } from '../src/sessions/session-record.js';
import { SessionStore } from '../src/sessions/session-store.js';
import { VisitStore } from '../src/visits/visit-store.js';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, snapshot, startHarness, type TestSocket } from './support/harness.js';
import { ledgerRecords } from './support/ledger-jobs.js';
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
  // Connects only in the test of billing (so the earlier tests' invites ring at ix).
  { id: 'iy', skills: [], interpreterPairs: [{ language: 'ar', serviceLanguage: 'fi' }] },
  // Supervisors of tax (in the directory's order) and one of Kela only.
  { id: 'va', skills: [], supervises: ['tax'] },
  { id: 'vb', skills: [], supervises: ['tax'] },
  { id: 'vk', skills: [], supervises: ['kela'] },
];

const serving = (id: string, role: 'expert' | 'interpreter' = 'expert'): Principal => ({
  id,
  role,
  displayName: id,
  capabilities: ['serve'],
});
const supervising = (id: string, agencies: string[]): Principal => ({
  id,
  role: 'supervisor',
  displayName: id,
  capabilities: ['supervise'],
  agencies,
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
    await until('handed over', async () => (await h.redis.hlen(`${h.prefix}tx:outbox`)) === 0);
    const records = await ledgerRecords(h.signaling.queue.outbox.queues.get('transactions'));
    const ofVisit = records.filter(({ record }) => record.visitId === session.visitId);
    expect(ofVisit.map(({ record }) => record.sessionId)).toEqual([session.sessionId]);
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

  // ── a supervisor (issue 14 item 1: "or their supervisor") ─────────────────────────────────────

  const transactionOf = async (sessionId: string) => {
    const record = parseSessionRecord(sessionId, await h.redis.hgetall(`${h.prefix}session:${sessionId}`));
    return record && sessionTransaction(record);
  };
  const gone = async (socket: TestSocket, principal: string) => {
    socket.close();
    await until(`${principal} disconnected`, async () => (await h.redis.exists(`${h.prefix}conn:${principal}`)) === 0);
  };

  it('rings at a supervisor of the session’s agency at work (none of another agency), back on a reload; joins as from the wallboard, announced as invited and audited', async () => {
    const sa = await person('sa');
    const p1 = await point('p1');
    const session = await startSession(sa, p1, 'tax', 'fi');
    const { sessionId, visitId } = session;

    // Only Kela's supervisor is at work: nobody to ring, nothing written, Kela's not rung.
    const vk = await person('vk');
    const atVk = nextEvent(vk, 'invite:incoming', () => true, 2_000).then(
      () => 'rung',
      () => 'not rung',
    );
    const before = await snapshot(h.redis, h.prefix);
    expect(await code(request(sa, 'session:invite', { sessionId, kind: 'supervisor' }))).toBe('NO_ONE_FREE');
    expect(await snapshot(h.redis, h.prefix)).toEqual(before);
    // A supervisor is invited with nothing more to choose.
    expect(await code(request(sa, 'session:invite', { sessionId, kind: 'supervisor', agency: 'kela' }))).toBe(
      'VALIDATION_FAILED',
    );

    // Tax's supervisor signs in: rung in their console, with its own timeout.
    let va = await person('va');
    const ringing = nextEvent(va, 'invite:incoming');
    const made = await invite(sa, { sessionId, kind: 'supervisor' });
    expect(made.inviteeName).toBe('va');
    expect(await ringing).toMatchObject({
      inviteId: made.inviteId,
      sessionId,
      visitId,
      kind: 'supervisor',
      agency: 'tax',
      language: 'fi',
      from: 'sa',
      expiresAt: made.expiresAt,
    });
    expect(await atVk).toBe('not rung');
    // Rung by one invite at a time: a second one finds nobody (vb is not at work).
    expect(await code(request(sa, 'session:invite', { sessionId, kind: 'supervisor' }))).toBe('NO_ONE_FREE');
    // Not in the call yet: no grant.
    await expect(grants().resolve(supervising('va', ['tax']), visitId)).rejects.toMatchObject({
      code: 'MEDIA_NOT_GRANTED',
    });

    // The console reloads while it rings: the invite comes back.
    await gone(va, 'supervisor:va');
    va = await person('va');
    const resumed = await ok<CurrentWork>(request(va, 'work:current', {}));
    expect(resumed).toEqual({
      invite: expect.objectContaining({ inviteId: made.inviteId, kind: 'supervisor', from: 'sa' }),
    });
    // Someone else cannot answer it.
    expect(await code(request(vk, 'invite:accept', { inviteId: made.inviteId }))).toBe('INVITE_GONE');
    expect(await code(request(p1, 'invite:accept', { inviteId: made.inviteId }))).toBe('INVITE_GONE');

    // Accepted: in the call as from the wallboard, everyone told, announced as invited by sa.
    const answered = nextEvent(sa, 'invite:answered');
    const atPoint = nextEvent(p1, 'session:participants', (p) => p.change?.kind === 'joined');
    const joined = await ok<SessionParticipants>(request(va, 'invite:accept', { inviteId: made.inviteId }));
    expect(joined.participants.map((p) => [p.role, p.participantId])).toEqual([
      ['point', 'point:p1'],
      ['expert', 'expert:sa'],
      ['supervisor', 'supervisor:va'],
    ]);
    expect(await answered).toEqual({ inviteId: made.inviteId, outcome: 'accepted' });
    expect((await atPoint).change).toEqual({
      kind: 'joined',
      participant: expect.objectContaining({ role: 'supervisor', name: 'va', invitedBy: 'sa' }),
    });
    expect(await h.redis.exists(`${h.prefix}guest:supervisor:va:invite`)).toBe(0);
    // A supervisor's grant (the SFU holds a supervisor's microphone until they unmute: media.md).
    expect(await grants().resolve(supervising('va', ['tax']), visitId)).toMatchObject({
      participantId: 'supervisor:va',
      role: 'supervisor',
      sessionId,
    });
    // A reload in the call: the call comes back.
    const inCall = await ok<CurrentWork>(request(va, 'work:current', {}));
    expect(inCall.guestCall?.sessionId).toBe(sessionId);
    expect(inCall.guestCall?.participants.at(-1)).toMatchObject({ participantId: 'supervisor:va', invitedBy: 'sa' });
    // One supervisor in a call: another invite is refused.
    expect(await code(request(sa, 'session:invite', { sessionId, kind: 'supervisor' }))).toBe(
      'SUPERVISOR_ALREADY_PRESENT',
    );

    // Audited like a join from the wallboard, with the invite.
    await until('the join on the audit trail', async () => {
      const jobs = await h.signaling.audit.queue.getJobs(['waiting', 'active', 'completed', 'delayed']);
      return jobs.some((j) => j.data.action === 'supervisor.join' && j.data.target === `session:${sessionId}`);
    });
    const jobs = await h.signaling.audit.queue.getJobs(['waiting', 'active', 'completed', 'delayed']);
    expect(
      jobs.find((j) => j.data.action === 'supervisor.join' && j.data.target === `session:${sessionId}`)?.data,
    ).toMatchObject({
      actor: { id: 'va', role: 'supervisor' },
      details: { agency: 'tax', expertId: 'sa', invited: true, inviteId: made.inviteId },
    });

    // Leaves as from the wallboard; then free to be invited again.
    const left = await ok<SessionParticipants>(request(va, 'session:leave-as-supervisor', { sessionId }));
    expect(left.participants.map((p) => p.role)).toEqual(['point', 'expert']);
    expect(await ok<CurrentWork>(request(va, 'work:current', {}))).toEqual({});
    await ok(request(sa, 'session:end', { sessionId }));
    await ok(request(sa, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    await ok(request(sa, 'presence:set', { state: 'away', reason: 'break' }));
    await gone(va, 'supervisor:va');
    await gone(vk, 'supervisor:vk');
  });

  it('tells the inviter of a supervisor’s decline, of one that rang out and of a join refused; one in another call is not rung', async () => {
    const sa = await person('sa');
    const sb = await person('sb');
    const p2 = await point('p2');
    const p4 = await point('p4');
    const session = await startSession(sa, p2, 'tax', 'fi');
    const { sessionId } = session;
    const vb = await person('vb');

    const declined = nextEvent(sa, 'invite:answered');
    const first = await invite(sa, { sessionId, kind: 'supervisor' });
    expect(first.inviteeName).toBe('vb');
    expect(await ok(request(vb, 'invite:decline', { inviteId: first.inviteId }))).toEqual({});
    expect(await declined).toEqual({ inviteId: first.inviteId, outcome: 'declined' });
    expect(await h.redis.exists(`${h.prefix}guest:supervisor:vb:invite`)).toBe(0);
    expect(await code(request(vb, 'invite:accept', { inviteId: first.inviteId }))).toBe('INVITE_GONE');

    const timedOut = nextEvent(sa, 'invite:answered', () => true, 10_000);
    const second = await invite(sa, { sessionId, kind: 'supervisor' });
    expect(await timedOut).toEqual({ inviteId: second.inviteId, outcome: 'timeout' });
    expect(await code(request(vb, 'invite:accept', { inviteId: second.inviteId }))).toBe('INVITE_GONE');
    expect(await h.redis.exists(`${h.prefix}guest:supervisor:vb:invite`)).toBe(0);
    expect(await h.redis.zscore(`${h.prefix}deadlines`, `invite|${second.inviteId}`)).toBeNull();
    expect(await ok<CurrentWork>(request(vb, 'work:current', {}))).toEqual({});

    // Rung, then in another session's call (joined from the wallboard) before answering: the join
    // is refused (one call at a time), the inviter told it was cancelled; while in that call, not rung.
    const other = await startSession(sb, p4, 'tax', 'sv');
    const third = await invite(sa, { sessionId, kind: 'supervisor' });
    await ok(request(vb, 'session:join-as-supervisor', { sessionId: other.sessionId }));
    const cancelled = nextEvent(sa, 'invite:answered');
    expect(await code(request(vb, 'invite:accept', { inviteId: third.inviteId }))).toBe('CONFLICT');
    expect(await cancelled).toEqual({ inviteId: third.inviteId, outcome: 'cancelled' });
    expect(await h.redis.hget(`${h.prefix}session:${sessionId}:guests`, 'supervisor:vb')).toBeNull();
    expect(await code(request(sa, 'session:invite', { sessionId, kind: 'supervisor' }))).toBe('NO_ONE_FREE');
    await ok(request(vb, 'session:leave-as-supervisor', { sessionId: other.sessionId }));
    for (const [s, sid] of [
      [sa, sessionId],
      [sb, other.sessionId],
    ] as const) {
      await ok(request(s, 'session:end', { sessionId: sid }));
      await ok(request(s, 'session:wrap-up', { sessionId: sid, outcome: 'resolved' }));
      await ok(request(s, 'presence:set', { state: 'away', reason: 'break' }));
    }
    await gone(vb, 'supervisor:vb');
  });

  it('ends the invite ringing at a supervisor whose connection is gone, and takes a joined supervisor gone past grace out of the call; audited', async () => {
    const sa = await person('sa');
    const p2 = await point('p2');
    const { sessionId } = await startSession(sa, p2, 'tax', 'fi');

    // Rung, then the console is gone: after the grace period the inviter is told it was cancelled.
    let vb = await person('vb');
    const made = await invite(sa, { sessionId, kind: 'supervisor' });
    expect(made.inviteeName).toBe('vb');
    const told = nextEvent(sa, 'invite:answered', () => true, 10_000);
    await gone(vb, 'supervisor:vb');
    expect(await told).toEqual({ inviteId: made.inviteId, outcome: 'cancelled' });
    expect(await h.redis.exists(`${h.prefix}guest:supervisor:vb:invite`)).toBe(0);
    expect(await h.redis.exists(`${h.prefix}invite:${made.inviteId}`)).toBe(0);
    expect(await h.redis.zscore(`${h.prefix}deadlines`, `invite|${made.inviteId}`)).toBeNull();

    // Joined from the wallboard; a reload within the grace period keeps them in the call.
    vb = await person('vb');
    await ok(request(vb, 'session:join-as-supervisor', { sessionId }));
    vb.close();
    vb = await person('vb');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await h.redis.hget(`${h.prefix}session:${sessionId}:guests`, 'supervisor:vb')).not.toBeNull();
    expect(await h.redis.zscore(`${h.prefix}deadlines`, 'sgrace|supervisor:vb')).toBeNull();

    // Gone for good: the call goes on without them, everyone told; the seat is free again.
    const left = nextEvent(p2, 'session:participants', (p) => p.change?.kind === 'left', 10_000);
    await gone(vb, 'supervisor:vb');
    const after = await left;
    expect(after.change?.participant).toMatchObject({ role: 'supervisor', participantId: 'supervisor:vb' });
    expect(after.participants.map((p) => p.role)).toEqual(['point', 'expert']);
    expect(await h.redis.exists(`${h.prefix}guest:supervisor:vb:session`)).toBe(0);
    expect(await h.redis.hexists(`${h.prefix}lost`, 'supervisor:vb')).toBe(0);
    await until('the leave on the audit trail', async () => {
      const jobs = await h.signaling.audit.queue.getJobs(['waiting', 'active', 'completed', 'delayed']);
      return jobs.some(
        (j) =>
          j.data.action === 'supervisor.leave' &&
          j.data.target === `session:${sessionId}` &&
          j.data.details?.reason === 'connection-lost',
      );
    });
    const va = await person('va');
    await ok(request(va, 'session:join-as-supervisor', { sessionId }));
    await ok(request(va, 'session:leave-as-supervisor', { sessionId }));
    await ok(request(sa, 'session:end', { sessionId }));
    await ok(request(sa, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    await ok(request(sa, 'presence:set', { state: 'away', reason: 'break' }));
    await gone(va, 'supervisor:va');
  });

  // ── a reload (issue 14 item 1: the invitee's console resumes) ─────────────────────────────────

  it('gives a colleague’s reloaded console the invite ringing, and once in the call the call', async () => {
    const sa = await person('sa');
    const kb = await person('kb');
    const p3 = await point('p3');
    const session = await startSession(sa, p3, 'tax', 'fi');
    const { sessionId } = session;
    await ok(request(kb, 'presence:set', { state: 'available' }));
    const made = await invite(sa, { sessionId, kind: 'colleague', agency: 'kela', language: 'fi' });

    // The reloaded page (a new connection) asks for its work: the invite, nothing else.
    const reloaded = await person('kb');
    const ringing = await ok<CurrentWork>(request(reloaded, 'work:current', {}));
    expect(ringing).toEqual({
      invite: {
        inviteId: made.inviteId,
        sessionId,
        visitId: session.visitId,
        kind: 'colleague',
        agency: 'tax',
        language: 'fi',
        from: 'sa',
        expiresAt: made.expiresAt,
      },
    });

    // Accepted, then reloaded again: the call (who is in it, its room), not the specialist's session.
    await ok(request(reloaded, 'invite:accept', { inviteId: made.inviteId }));
    const again = await person('kb');
    const inCall = await ok<CurrentWork>(request(again, 'work:current', {}));
    expect(inCall.session).toBeUndefined();
    expect(inCall.guestCall).toMatchObject({ sessionId, visitId: session.visitId });
    expect(inCall.guestCall?.participants.map((p) => [p.role, p.participantId])).toEqual([
      ['point', 'point:p3'],
      ['expert', 'expert:sa'],
      ['consultant', 'expert:kb'],
    ]);
    // The specialist's own reload is their session, as before.
    const own = await ok<CurrentWork>(request(sa, 'work:current', {}));
    expect(own.session?.sessionId).toBe(sessionId);
    expect(own.guestCall).toBeUndefined();

    await ok(request(again, 'session:leave-as-guest', { sessionId }));
    expect(await ok<CurrentWork>(request(again, 'work:current', {}))).toEqual({});
    await ok(request(sa, 'session:end', { sessionId }));
    await ok(request(sa, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    for (const s of [sa, again]) await ok(request(s, 'presence:set', { state: 'away', reason: 'break' }));
  });

  // ── billing (issue 14 item 6) ─────────────────────────────────────────────────────────────────

  it('bills an invited interpreter’s minutes with the session, each stay rounded up, added to a matched interpreter’s', async () => {
    const sa = await person('sa');
    const ix = await person('ix');
    const p1 = await point('p1');

    // Invited twice into one session: two stays of under a minute, two minutes, named ix, Arabic.
    const session = await startSession(sa, p1, 'tax', 'fi');
    await ok(request(ix, 'presence:set', { state: 'available' }));
    const first = await invite(sa, { sessionId: session.sessionId, kind: 'interpreter', interpreterLanguage: 'ar' });
    await ok(request(ix, 'invite:accept', { inviteId: first.inviteId }));
    await ok(request(ix, 'session:leave-as-guest', { sessionId: session.sessionId }));
    const second = await invite(sa, { sessionId: session.sessionId, kind: 'interpreter', interpreterLanguage: 'ar' });
    await ok(request(ix, 'invite:accept', { inviteId: second.inviteId }));
    // Still in the call when it ends: that stay counts until the end.
    await ok(request(sa, 'session:end', { sessionId: session.sessionId }));
    await until('the interpreter back to work', async () => (await stateOf('ix')) === 'available');
    await ok(request(sa, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    const invited = await transactionOf(session.sessionId);
    expect(invited?.success).toBe(true);
    expect(invited?.data).toMatchObject({ interpreterId: 'ix', interpreterLanguage: 'ar', interpreterMinutes: 2 });
    // As handed over to the ledger.
    await until('handed over', async () => (await h.redis.hlen(`${h.prefix}tx:outbox`)) === 0);
    const records = await ledgerRecords(h.signaling.queue.outbox.queues.get('transactions'));
    expect(records.find(({ record }) => record.sessionId === session.sessionId)?.record).toMatchObject({
      interpreterId: 'ix',
      interpreterLanguage: 'ar',
      interpreterMinutes: 2,
    });

    // A request that needs an interpreter (ix matched with sa), then iy invited too: the minutes of
    // both (one each), under the matched interpreter's name.
    const p2 = await point('p2');
    const atExpert = nextEvent(sa, 'offer:incoming');
    const atInterpreter = nextEvent(ix, 'offer:incoming');
    await ok(request(p2, 'request:create', { agency: 'tax', language: 'fi', interpreterLanguage: 'ar' }));
    const offer = await atExpert;
    await atInterpreter;
    await ok(request(ix, 'offer:accept', { offerId: offer.offerId }));
    const matched = await ok<Session>(request(sa, 'offer:accept', { offerId: offer.offerId }));
    expect(matched).toMatchObject({ interpreterId: 'ix', interpreterLanguage: 'ar' });
    const iy = await person('iy');
    await ok(request(iy, 'presence:set', { state: 'available' }));
    const third = await invite(sa, { sessionId: matched.sessionId, kind: 'interpreter', interpreterLanguage: 'ar' });
    expect(third.inviteeName).toBe('iy');
    await ok(request(iy, 'invite:accept', { inviteId: third.inviteId }));
    await ok(request(iy, 'session:leave-as-guest', { sessionId: matched.sessionId }));
    await ok(request(sa, 'session:end', { sessionId: matched.sessionId }));
    await ok(request(sa, 'session:wrap-up', { sessionId: matched.sessionId, outcome: 'resolved' }));
    const both = await transactionOf(matched.sessionId);
    expect(both?.success).toBe(true);
    expect(both?.data).toMatchObject({ interpreterId: 'ix', interpreterLanguage: 'ar', interpreterMinutes: 2 });
    for (const s of [sa, ix, iy]) await ok(request(s, 'presence:set', { state: 'away', reason: 'break' }));
  });
});
