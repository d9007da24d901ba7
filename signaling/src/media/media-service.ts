/**
 * Media for sessions, as the socket handlers see it: grants at the join, room placement, the
 * calls to the room's SFU node, and the pushes to the room's other members. Membership lives on
 * the SFU (the participant id comes from the caller's token, never from the payload), so every
 * command after the join is one control call, and an id that is not the caller's is refused there.
 *
 * Fault handling: a node that does not answer and has left the registry has its rooms placed on
 * another node; members are told `media:room:restarted` and join again (their call-client does it).
 *
 * Standby (docs/media.md): a specialist at work keeps their camera and microphone in their standby
 * room, held on the SFU. A session links it to the visit's room on the SFU (room-links.ts there):
 * each room mirrors the other's participants and producers, so at the accept both ends only
 * consume. The link is remembered in Redis for the session's length (from the accept when the
 * standby room is there then, else from its join); a room joined or placed again
 * (a restart, a lost node) is linked again, and the two rooms are kept on one node — the standby
 * room moves to the visit's node if they differ, the visit's room follows the standby room when it
 * is placed anew.
 */
import {
  type ClientPayload,
  type ClientResult,
  type ParticipantId,
  type ParticipantInfo,
  type Principal,
  ProtocolError,
  type RtpCapabilities,
  type Session,
  standbyExpertOf,
  standbyRoomId,
} from '@etapiste/protocol';
import type { RoomPlacement, SfuCommand, SfuRequest, SfuResponse } from '@etapiste/sfu-control';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { PresenceStore } from '../presence/presence-store.js';
import type { EndedSession, SessionEndedReport } from '../queue/queue-service.js';
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import { expertRoom, mediaRoom, mediaRoomId, principalRoom } from '../realtime/rooms.js';
import type { AppServer, AppSocket } from '../realtime/types.js';
import type { Keys } from '../redis/keys.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { VisitStore } from '../visits/visit-store.js';
import { MediaGrants, STANDBY_STATES } from './grants.js';
import { RoomPlacer } from './placement.js';
import { type SfuClient, SfuUnreachableError } from './sfu-client.js';
import { type TurnSettings, turnIceServers } from './turn.js';

export interface MediaServiceOptions {
  io: AppServer;
  redis: Redis;
  keys: Keys;
  visits: VisitStore;
  presence: PresenceStore;
  sessions: SessionStore;
  sfu: SfuClient;
  turn: TurnSettings;
  log: FastifyBaseLogger;
  /** A member whose sockets are all gone this long leaves the room (a reconnect within it resumes). */
  disconnectGraceMs: number;
}

type Ctx = { socket: AppSocket; principal: Principal };

/** A standby room whose console is gone (and carries no call) is left after this long: a reload comes back sooner. */
const STANDBY_GRACE_MS = 3000;

export class MediaService {
  readonly placer: RoomPlacer;
  readonly grants: MediaGrants;
  readonly #options: MediaServiceOptions;
  #capabilities: RtpCapabilities | undefined;
  readonly #graceTimers = new Set<ReturnType<typeof setTimeout>>();
  /** Each consumer's last command to the SFU, for the next to wait on (#inOrder). */
  readonly #consumerCommands = new Map<string, Promise<void>>();

  constructor(options: MediaServiceOptions) {
    this.#options = options;
    this.placer = new RoomPlacer(options.redis, options.keys);
    this.grants = new MediaGrants(options.visits, options.presence, options.sessions);
  }

  close(): void {
    for (const timer of this.#graceTimers) clearTimeout(timer);
  }

  /** Router capabilities are the same on every node (one codec list): asked once, then cached. */
  async capabilities(): Promise<RtpCapabilities> {
    if (this.#capabilities) return this.#capabilities;
    for (const node of await this.placer.liveNodes()) {
      try {
        const { routerRtpCapabilities } = await this.#options.sfu.call(node.controlUrl ?? '', 'capabilities', {});
        this.#capabilities = routerRtpCapabilities;
        return routerRtpCapabilities;
      } catch (error) {
        this.#options.log.warn({ err: error, nodeId: node.nodeId }, 'SFU node did not answer capabilities');
      }
    }
    throw new ProtocolError('UNAVAILABLE', { message: 'no SFU node available' });
  }

  async join({ socket, principal }: Ctx, payload: ClientPayload<'media:join'>): Promise<ClientResult<'media:join'>> {
    const { roomId } = payload;
    const grant = await this.grants.resolve(principal, roomId);
    await this.#open(roomId);
    const participantId = grant.participantId;
    const [routerRtpCapabilities, joined] = await Promise.all([
      this.capabilities(),
      this.#call(roomId, 'participant.join', {
        roomId,
        participantId,
        rtpCapabilities: payload.rtpCapabilities,
        sources: grant.sources,
        // Listening in (a supervisor's grant, whoever holds it): the SFU holds their microphone.
        ...(grant.role === 'supervisor' ? { listening: true } : {}),
      }),
    ]);
    const transports = await Promise.all(
      (payload.transports ?? ['send', 'recv']).map((direction) =>
        this.#call(roomId, 'transport.create', { roomId, participantId, direction, tcpOnly: payload.tcpOnly ?? false }),
      ),
    );
    const room = mediaRoom(roomId);
    for (const linked of joined.linkedRooms) {
      this.#options.io.to(mediaRoom(linked)).emit('media:participant:joined', { roomId: linked, participantId });
    }
    if (joined.replaced) {
      // An earlier membership (another tab, a page reload) is gone with everything it published.
      socket.to(room).emit('media:participant:left', { roomId, participantId });
      this.#options.io
        .in(principalRoom(principal))
        .except(socket.id)
        .emit('media:revoked', { roomId, reason: 'replaced' });
    }
    await socket.join(room);
    socket.to(room).emit('media:participant:joined', { roomId, participantId });
    this.#options.log.info({ roomId, participantId, replaced: joined.replaced }, 'media joined');
    // A room joined again after a restart or a move is linked again (its mirrors are pushed).
    await this.#relink(roomId).catch((error: unknown) =>
      this.#options.log.warn({ err: error, roomId }, 'standby link not made at the join'),
    );
    return {
      grant,
      routerRtpCapabilities,
      transports,
      iceServers: turnIceServers(this.#options.turn, participantId),
      participants: joined.participants,
    };
  }

  /**
   * The light way back after a signaling reconnect: the media kept flowing, so only the socket
   * rejoins the room's pushes and the client catches up on producers it missed. A member the
   * room no longer has gets ROOM_RESTARTED and joins in full.
   */
  async resume({ socket, principal }: Ctx, roomId: string): Promise<ClientResult<'media:resume'>> {
    const participantId = MediaGrants.participantOf(principal);
    const state = await this.#call(roomId, 'participant.state', { roomId, participantId });
    if (!state.member) throw new ProtocolError('ROOM_RESTARTED');
    await socket.join(mediaRoom(roomId));
    return { participants: state.participants };
  }

  async leave({ socket, principal }: Ctx, roomId: string): Promise<void> {
    const participantId = MediaGrants.participantOf(principal);
    await this.#leave(roomId, participantId);
    await socket.leave(mediaRoom(roomId));
  }

  async createTransport(ctx: Ctx, p: ClientPayload<'media:transport:create'>) {
    return this.#call(p.roomId, 'transport.create', {
      roomId: p.roomId,
      participantId: MediaGrants.participantOf(ctx.principal),
      direction: p.direction,
      tcpOnly: p.tcpOnly ?? false,
    });
  }

  async connectTransport(ctx: Ctx, p: ClientPayload<'media:transport:connect'>) {
    return this.#call(p.roomId, 'transport.connect', { ...p, participantId: MediaGrants.participantOf(ctx.principal) });
  }

  async restartIce(ctx: Ctx, p: ClientPayload<'media:transport:restart-ice'>) {
    return this.#call(p.roomId, 'transport.restartIce', {
      ...p,
      participantId: MediaGrants.participantOf(ctx.principal),
    });
  }

  async produce({ socket, principal }: Ctx, p: ClientPayload<'media:produce'>) {
    const participantId = MediaGrants.participantOf(principal);
    // A supervisor who joins a call is heard only once they unmute (issue 14): the SFU holds the
    // microphone of a participant who joined to listen in (join above), whichever connection of
    // theirs produces, and only their own resume forwards it.
    const { producer, mirrored } = await this.#call(p.roomId, 'produce', {
      ...p,
      paused: p.paused ?? false,
      participantId,
    });
    socket.to(mediaRoom(p.roomId)).emit('media:producer:added', { roomId: p.roomId, producer });
    for (const m of mirrored) this.#options.io.to(mediaRoom(m.roomId)).emit('media:producer:added', m);
    return { producerId: producer.producerId };
  }

  async setProducer({ socket, principal }: Ctx, p: ClientPayload<'media:producer:set'>) {
    const participantId = MediaGrants.participantOf(principal);
    const { producer, mirrors } = await this.#call(p.roomId, 'producer.set', { ...p, participantId });
    // The room's others, and those of a linked room (the pipe there followed the producer).
    const rooms = [{ roomId: p.roomId, producerId: producer.producerId, to: socket.to(mediaRoom(p.roomId)) }].concat(
      mirrors.map((m) => ({ ...m, to: this.#options.io.to(mediaRoom(m.roomId)) })),
    );
    for (const { roomId, producerId, to } of rooms) {
      if (p.action === 'close') {
        to.emit('media:producer:removed', { roomId, participantId, producerId });
      } else {
        to.emit('media:producer:paused', { roomId, participantId, producerId, paused: p.action === 'pause' });
      }
    }
    return {};
  }

  async consume(ctx: Ctx, p: ClientPayload<'media:consume'>) {
    return this.#call(p.roomId, 'consume', { ...p, participantId: MediaGrants.participantOf(ctx.principal) });
  }

  async resumeConsumer(ctx: Ctx, p: ClientPayload<'media:consumer:resume'>) {
    return this.#inOrder(p.consumerId, () =>
      this.#call(p.roomId, 'consumer.resume', { ...p, participantId: MediaGrants.participantOf(ctx.principal) }),
    );
  }

  async setLayers(ctx: Ctx, p: ClientPayload<'media:consumer:layers'>) {
    return this.#inOrder(p.consumerId, () =>
      this.#call(p.roomId, 'consumer.layers', { ...p, participantId: MediaGrants.participantOf(ctx.principal) }),
    );
  }

  async pauseConsumer(ctx: Ctx, p: ClientPayload<'media:consumer:pause'>) {
    return this.#inOrder(p.consumerId, () =>
      this.#call(p.roomId, 'consumer.pause', { ...p, participantId: MediaGrants.participantOf(ctx.principal) }),
    );
  }

  /**
   * One consumer's commands reach its SFU in the order its page sent them: each is a request of
   * its own there, and a pause overtaken by the resume sent after it (a call level that stepped
   * down and back up at once) left the video paused for good. A consumer is used over one socket,
   * so its commands all come through this process.
   */
  #inOrder<T>(consumerId: string, send: () => Promise<T>): Promise<T> {
    const next = (this.#consumerCommands.get(consumerId) ?? Promise.resolve()).then(send, send);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.#consumerCommands.set(consumerId, settled);
    void settled.then(() => {
      if (this.#consumerCommands.get(consumerId) === settled) this.#consumerCommands.delete(consumerId);
    });
    return next;
  }

  /**
   * A member's call level changed (its network weakened or recovered, or audio only was chosen):
   * the room's others are told, so their screens say in words what no longer comes and what
   * continues. Only a socket in the room's pushes (joined or resumed) may announce; the
   * participant id is the caller's own, never the payload's.
   */
  async announceLevel({ socket, principal }: Ctx, p: ClientPayload<'media:level:set'>): Promise<void> {
    const room = mediaRoom(p.roomId);
    if (!socket.rooms.has(room)) throw new ProtocolError('MEDIA_NOT_GRANTED');
    const participantId = MediaGrants.participantOf(principal);
    socket.to(room).emit('media:level', { roomId: p.roomId, participantId, level: p.level, cause: p.cause });
    const linked = await this.placer.linkOf(p.roomId);
    if (linked) {
      this.#options.io
        .to(mediaRoom(linked))
        .emit('media:level', { roomId: linked, participantId, level: p.level, cause: p.cause });
    }
    this.#options.log.info({ roomId: p.roomId, participantId, level: p.level, cause: p.cause }, 'call level changed');
  }

  /**
   * The queue started a session: the specialist's standby room is linked to the visit's room, so
   * the point and the specialist receive each other at once (only consumers are made). A standby
   * room on another node than the visit's is moved to it (the specialist's page joins it again).
   */
  async onSessionStarted(session: Pick<Session, 'expertId' | 'visitId'>): Promise<void> {
    const standby = standbyRoomId(session.expertId);
    // No page of theirs in standby media: its join links it (#relink reads the session after the
    // page joined the room, so a join racing this start is linked by one or the other).
    if (this.#standbyUnused(session.expertId)) return;
    const placements = await this.placer.locateAll([standby, session.visitId]);
    // No standby room (the specialist has no media at work yet): nothing to link, nor to remember;
    // when it is joined, the join finds the session (#relink).
    if (!placements[0]) return;
    await this.placer.link(standby, session.visitId);
    await this.#link(standby, session.visitId, placements);
  }

  /**
   * An offer rings at a specialist in standby (MEDIA_LINK_AT_OFFER): their standby room and the
   * visit's room are linked *pending* on the SFU, so that both pages make their consumers now and
   * the accept only releases what they negotiated (no media flows before it: room-links.ts there).
   * Best effort: anything else — the rooms not both placed on one node, a session's link already
   * there, another pending link — leaves it to the accept, as without it.
   */
  async onOfferRinging(expertId: string, visitId: string): Promise<void> {
    const standby = standbyRoomId(expertId);
    if (this.#standbyUnused(expertId)) return;
    // Both rooms' placements and links in one read (no standby room, no media at work: nothing more).
    const found = await this.placer.pair(standby, visitId);
    const [ps, pv] = [found.standby, found.visit];
    if (!ps || !pv || ps.nodeId !== pv.nodeId) return;
    if (found.standbyLink || found.visitLink) return;
    try {
      const linked = await this.#call(standby, 'room.link', { roomId: standby, targetRoomId: visitId, pending: true });
      this.#pushLinkSide(standby, linked.room);
      this.#pushLinkSide(visitId, linked.target);
    } catch (error) {
      if (error instanceof ProtocolError && error.code === 'CONFLICT') return;
      throw error;
    }
  }

  /**
   * Known without asking Redis: every socket of the specialist is on this process and none of them
   * is in their standby room, so no page of theirs has standby media to link. (Each offer and
   * session start read both rooms' placements for it, three commands a match with no media at
   * all.) Unknown, as when their sockets are on another process too: false, and Redis is read.
   */
  #standbyUnused(expertId: string): boolean {
    return this.#outOfRoom(expertId, standbyRoomId(expertId));
  }

  /** Every socket of the specialist is on this process and none of them is in media room `roomId`. */
  #outOfRoom(expertId: string, roomId: string): boolean {
    const rooms = this.#options.io.of('/').adapter.rooms;
    const own = rooms.get(expertRoom(expertId));
    if (!own || !PrincipalEmitter.holdsAll(this.#options.io, expertRoom(expertId))) return false;
    const members = rooms.get(mediaRoom(roomId));
    if (!members) return true;
    for (const socketId of own) if (members.has(socketId)) return false;
    return true;
  }

  /**
   * The offer of request `ticketId` went without an accept: its pending link ends (never a
   * session's, decided on the SFU). The request is read only when the specialist has a standby room.
   */
  async onOfferWithdrawn(expertId: string, ticketId: string): Promise<void> {
    const standby = standbyRoomId(expertId);
    if (!(await this.placer.locate(standby))) return;
    const visitId = await this.#options.redis.hget(this.#options.keys.ticket(ticketId), 'visitId');
    if (!visitId) return;
    const { mirrorsLeft } = await this.#call(standby, 'room.unlink', {
      roomId: standby,
      targetRoomId: visitId,
      pendingOnly: true,
    });
    this.#mirrorsLeft(mirrorsLeft);
  }

  /**
   * A specialist's state changed. Away or offline ends their standby: the room is closed on its
   * node (its producers with it) and their pages hear `media:revoked` (`left`).
   */
  async onPresenceChanged(expertId: string, state: string): Promise<void> {
    if (STANDBY_STATES.has(state as never)) return;
    const roomId = standbyRoomId(expertId);
    const placement = await this.placer.locate(roomId);
    const sockets = this.#options.io.in(expertRoom(expertId));
    sockets.emit('media:revoked', { roomId, reason: 'left' });
    sockets.socketsLeave(mediaRoom(roomId));
    if (!placement) return;
    await this.#leave(roomId, `expert:${expertId}`).catch(() => undefined);
    await this.#call(roomId, 'room.close', { roomId }).catch(() => undefined);
    await this.placer.forget(roomId, placement.nodeId);
    this.#options.log.info({ roomId, state }, 'standby room closed');
  }

  /** The queue ended a session (end, transfer, wrap-up): its specialist leaves the visit's room. */
  async onSessionEnded(
    { sessionId, expertId }: Pick<SessionEndedReport, 'sessionId' | 'expertId'>,
    { visitId }: Pick<EndedSession, 'visitId'>,
  ): Promise<void> {
    if (!visitId) return;
    const participantId: ParticipantId = `expert:${expertId}`;
    // Linked: the specialist is a mirror in the visit's room, and leaving it ends the link (the
    // point's mirror leaves the standby room, whose producers are held again).
    if (await this.placer.unlink(standbyRoomId(expertId), visitId))
      await this.#leave(visitId, participantId).catch(() => undefined);
    // Only this process's sockets when it holds all of the specialist's (no adapter round); none
    // at all when it holds all of them and none is in the visit's room (a page in standby hears of
    // the end from the session's own push, and ignores a room it is not in).
    if (!this.#outOfRoom(expertId, visitId)) {
      const sockets = PrincipalEmitter.to(this.#options.io, expertRoom(expertId));
      sockets.emit('media:revoked', { roomId: visitId, reason: 'session-ended' });
      sockets.socketsLeave(mediaRoom(visitId));
    }
    this.#options.log.info({ sessionId, roomId: visitId, participantId }, 'media grant ended with the session');
  }

  /**
   * A guest (a supervisor) is out of the session's call: they left it, or the session ended. Their
   * pages hear `media:revoked` and the room's others `media:participant:left`. `room` is the
   * guest's principal room (their sockets).
   */
  async removeGuest(
    roomId: string,
    participantId: ParticipantId,
    room: string,
    reason: 'session-ended' | 'left',
  ): Promise<void> {
    if (await this.placer.locate(roomId)) await this.#leave(roomId, participantId).catch(() => undefined);
    const sockets = this.#options.io.in(room);
    sockets.emit('media:revoked', { roomId, reason });
    sockets.socketsLeave(mediaRoom(roomId));
    this.#options.log.info({ roomId, participantId, reason }, 'guest left the room');
  }

  /**
   * The point closed its visit: its grant ends, so it leaves the visit's room on the SFU (its
   * pages hear `media:revoked`, the others `media:participant:left`), and a room nobody is left
   * in is closed on its node and forgotten at once rather than idling. A specialist still in the
   * room (a session not ended yet) keeps it; the session-end hook removes them.
   */
  async onVisitClosed(visitId: string, pointId: string): Promise<void> {
    const participantId: ParticipantId = `point:${pointId}`;
    const room = mediaRoom(visitId);
    for (const socket of await this.#options.io.in(room).fetchSockets()) {
      if (socket.data.principal.role !== 'point' || socket.data.principal.pointId !== pointId) continue;
      socket.emit('media:revoked', { roomId: visitId, reason: 'left' });
      socket.leave(room);
    }
    const placement = await this.placer.locate(visitId);
    if (!placement) return; // never set up, or already closed
    try {
      await this.#leave(visitId, participantId);
      const { participants } = await this.#call(visitId, 'participant.state', { roomId: visitId, participantId });
      if (participants.length === 0) {
        await this.#call(visitId, 'room.close', { roomId: visitId });
        await this.placer.forget(visitId, placement.nodeId);
      }
    } catch (error) {
      // ROOM_RESTARTED: the node lost it already; nothing of the point is left to remove.
      if (!(error instanceof ProtocolError && error.code === 'ROOM_RESTARTED')) throw error;
    }
    this.#options.log.info({ roomId: visitId, participantId }, 'point left its room with the visit closed');
  }

  /**
   * A socket went away. Its media keeps flowing (transports do not depend on signaling), so a
   * reconnect within the grace period simply resumes; after it, a member with no socket left leaves.
   */
  onDisconnect(socket: AppSocket): void {
    const roomIds = [...socket.rooms].flatMap((room) => mediaRoomId(room) ?? []);
    if (roomIds.length === 0) return;
    const principal = socket.data.principal;
    const grace = this.#options.disconnectGraceMs;
    const calls = roomIds.filter((id) => standbyExpertOf(id) === undefined);
    if (calls.length > 0) this.#later(grace, () => this.#leaveIfGone(principal, calls));
    // A closed console takes its standby producers down soon, not after a call's grace; a standby
    // room carrying a call (linked) keeps the call's grace.
    const standby = grace > STANDBY_GRACE_MS ? roomIds.filter((id) => standbyExpertOf(id) !== undefined) : [];
    for (const roomId of standby) {
      this.#later(STANDBY_GRACE_MS, async () => {
        if (await this.placer.linkOf(roomId))
          this.#later(grace - STANDBY_GRACE_MS, () => this.#leaveIfGone(principal, [roomId]));
        else await this.#leaveIfGone(principal, [roomId]);
      });
    }
    if (grace <= STANDBY_GRACE_MS && calls.length < roomIds.length)
      this.#later(grace, () =>
        this.#leaveIfGone(
          principal,
          roomIds.filter((id) => !calls.includes(id)),
        ),
      );
  }

  #later(ms: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.#graceTimers.delete(timer);
      run().catch((error: unknown) => this.#options.log.debug({ err: error }, 'leave after disconnect failed'));
    }, ms);
    timer.unref();
    this.#graceTimers.add(timer);
  }

  async #leaveIfGone(principal: Principal, roomIds: string[]): Promise<void> {
    for (const roomId of roomIds) {
      const sockets = await this.#options.io.in(mediaRoom(roomId)).fetchSockets();
      if (sockets.some((s) => s.data.principal.id === principal.id && s.data.principal.role === principal.role))
        continue;
      await this.#leave(roomId, MediaGrants.participantOf(principal)).catch((error: unknown) =>
        this.#options.log.debug({ err: error, roomId }, 'leave after disconnect failed'),
      );
    }
  }

  async #leave(roomId: string, participantId: ParticipantId): Promise<void> {
    const { left, mirrorsLeft } = await this.#call(roomId, 'participant.leave', { roomId, participantId });
    if (left) this.#options.io.to(mediaRoom(roomId)).emit('media:participant:left', { roomId, participantId });
    this.#mirrorsLeft(mirrorsLeft);
  }

  #mirrorsLeft(mirrorsLeft: { roomId: string; participantIds: ParticipantId[] }[]): void {
    for (const { roomId, participantIds } of mirrorsLeft) {
      const to = this.#options.io.to(mediaRoom(roomId));
      for (const participantId of participantIds) to.emit('media:participant:left', { roomId, participantId });
    }
  }

  // ── standby links ───────────────────────────────────────────────────────────────────────────

  /**
   * A room was joined: if a session links it to another, the link is made (again). A standby room
   * joined after its specialist's session started had no link remembered (onSessionStarted found
   * no room to link): the session in progress names the visit, and the link is remembered now.
   */
  async #relink(roomId: string): Promise<void> {
    let other = await this.placer.linkOf(roomId);
    const expertId = standbyExpertOf(roomId);
    if (!other && expertId !== undefined) {
      other = await this.#visitInSession(expertId);
      if (other) await this.placer.link(roomId, other);
    }
    if (!other) return;
    if (expertId !== undefined) await this.#link(roomId, other);
    else await this.#link(other, roomId);
  }

  /** The visit of the session a specialist is serving now (not one they are a guest in), if any. */
  async #visitInSession(expertId: string): Promise<string | undefined> {
    const presence = await this.#options.presence.record(expertId);
    if (presence.state !== 'in-session' || !presence.sessionId || presence.consultant) return undefined;
    const session = await this.#options.sessions.get(presence.sessionId);
    return session && session.expertId === expertId && session.endedAt === undefined ? session.visitId : undefined;
  }

  /**
   * Links a standby room and a visit's room on their node and tells both rooms' members what they
   * now see. Either room not set up yet: its join links it. On two nodes: the standby room moves.
   * `placements`: the two rooms' placements when the caller has just read them.
   */
  async #link(standby: string, visit: string, placements?: readonly (RoomPlacement | undefined)[]): Promise<void> {
    const [ps, pv] = placements ?? (await this.placer.locateAll([standby, visit]));
    if (!ps || !pv) return;
    if (ps.nodeId !== pv.nodeId) {
      // Pipes join routers of one node: the standby room follows the visit's (its page rejoins
      // there, and that join links). Slower than a link, never wrong.
      await this.#call(standby, 'room.close', { roomId: standby }).catch(() => undefined);
      await this.placer.forget(standby, ps.nodeId);
      this.#options.io.to(mediaRoom(standby)).emit('media:room:restarted', { roomId: standby, reason: 'node-lost' });
      this.#options.log.info({ standby, visit, from: ps.nodeId, to: pv.nodeId }, 'standby room moved to the visit');
      return;
    }
    const linked = await this.#call(standby, 'room.link', { roomId: standby, targetRoomId: visit });
    // Another offer's pending link of either room gave way (its withdrawal not heard yet).
    if (linked.mirrorsLeft) this.#mirrorsLeft(linked.mirrorsLeft);
    this.#pushLinkSide(standby, linked.room);
    this.#pushLinkSide(visit, linked.target);
    this.#options.log.info({ standby, visit }, 'standby room linked');
  }

  #pushLinkSide(roomId: string, side: { replaced: ParticipantId[]; joined: ParticipantInfo[] }): void {
    const to = this.#options.io.to(mediaRoom(roomId));
    for (const participantId of side.replaced) to.emit('media:participant:left', { roomId, participantId });
    for (const { participantId, producers } of side.joined) {
      to.emit('media:participant:joined', { roomId, participantId });
      for (const producer of producers) to.emit('media:producer:added', { roomId, producer });
    }
  }

  // ── placement and calls ─────────────────────────────────────────────────────────────────────

  async #open(roomId: string): Promise<RoomPlacement> {
    let placement = await this.placer.locate(roomId);
    if (placement && !(await this.placer.isLive(placement.nodeId))) placement = await this.#move(roomId, placement);
    if (!placement) {
      // A room linked to another goes where that one is (the link pipes between routers of a node).
      const chosen = (await this.#linkedPlacement(roomId)) ?? this.placer.choose(await this.placer.liveNodes());
      if (!chosen) throw new ProtocolError('UNAVAILABLE', { message: 'no SFU node available' });
      placement = await this.placer.claim(roomId, chosen);
    }
    await this.#call(roomId, 'room.open', { roomId, workerIndex: placement.workerIndex });
    return placement;
  }

  async #linkedPlacement(roomId: string): Promise<RoomPlacement | undefined> {
    const other = await this.placer.linkOf(roomId);
    const placement = other ? await this.placer.locate(other) : undefined;
    return placement && (await this.placer.isLive(placement.nodeId)) ? placement : undefined;
  }

  async #move(roomId: string, previous: RoomPlacement): Promise<RoomPlacement> {
    const linked = await this.#linkedPlacement(roomId);
    const next =
      linked && linked.nodeId !== previous.nodeId
        ? linked
        : this.placer.choose(await this.placer.liveNodes(), previous.nodeId);
    if (!next) throw new ProtocolError('UNAVAILABLE', { message: 'no SFU node available' });
    const placement = await this.placer.replace(roomId, previous, next);
    this.#options.log.warn({ roomId, from: previous.nodeId, to: placement.nodeId }, 'room moved off a lost SFU node');
    this.#options.io.to(mediaRoom(roomId)).emit('media:room:restarted', { roomId, reason: 'node-lost' });
    return placement;
  }

  async #call<C extends SfuCommand>(roomId: string, command: C, request: SfuRequest<C>): Promise<SfuResponse<C>> {
    const placement = await this.placer.locate(roomId);
    if (!placement) throw new ProtocolError('ROOM_RESTARTED');
    try {
      return await this.#options.sfu.call(placement.controlUrl, command, request);
    } catch (error) {
      if (!(error instanceof SfuUnreachableError)) throw error;
      this.#options.log.warn({ err: error, roomId, nodeId: placement.nodeId, command }, 'SFU node unreachable');
      if (await this.placer.isLive(placement.nodeId)) throw new ProtocolError('UNAVAILABLE');
      await this.#move(roomId, placement);
      if (command === 'room.open') return this.#call(roomId, command, request);
      throw new ProtocolError('ROOM_RESTARTED');
    }
  }
}
