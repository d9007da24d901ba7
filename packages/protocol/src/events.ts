/**
 * The Socket.IO protocol between the apps and the signaling service: one table of client events,
 * each with the capability it needs, its payload schema and its result schema. The server validates
 * every inbound payload against this table; the typed event maps below are derived from it so that
 * `emit` and `on` are typed on both ends.
 */
import { z } from 'zod';
import type { AckCallback } from './ack.js';
import { AdvisorState } from './advisor.js';
import { bookingClientEvents } from './bookings.js';
import { ChatHistory, ChatMessage, ChatSend } from './chat.js';
import { SessionDocuments, SharedDocument } from './documents.js';
import { AwayReason, type Capability, Directory, EntityId, ExpertState, Principal } from './domain.js';
import { WireError } from './errors.js';
import { FeedbackReceipt, FeedbackSubmit } from './feedback.js';
import { InviteAnswered, InviteIncoming, InviteRef, SessionInvite, SessionInviteResult } from './invites.js';
import {
  ConsumerParams,
  MediaCapabilitiesResult,
  MediaConsume,
  MediaConsumerLayers,
  MediaConsumerRef,
  MediaJoin,
  MediaJoinResult,
  MediaLevelChanged,
  MediaLevelSet,
  MediaOk,
  MediaParticipantEvent,
  MediaProduce,
  MediaProduceResult,
  MediaProducerAdded,
  MediaProducerPaused,
  MediaProducerRemoved,
  MediaProducerSet,
  MediaQuality,
  MediaRestartIceResult,
  MediaResumeResult,
  MediaRevoked,
  MediaRoomRef,
  MediaRoomRestarted,
  MediaSpeaker,
  MediaTransportConnect,
  MediaTransportCreate,
  MediaTransportRef,
  TransportParams,
} from './media.js';
import { SessionParticipants } from './participants.js';
import {
  AvailabilitySnapshot,
  MetricsSnapshot,
  Offer,
  OfferAcceptResult,
  OfferRef,
  OfferWithdrawn,
  QueueGlanceSnapshot,
  RequestCreate,
  RequestCreateResult,
  RequestResume,
  RequestStepAway,
  Session,
  SessionEnded,
  SessionPeer,
  SessionRef,
  SessionTransfer,
  TicketRef,
  TicketView,
  WrapUp,
} from './queue.js';
import { CurrentWork, SupervisionHistory, SupervisionSnapshot } from './supervision.js';

const Empty = z.strictObject({});

export const Hello = z.strictObject({
  protocolVersion: z.number().int().positive(),
  app: z.enum(['point-client', 'agent-console', 'sfu-server', 'test']),
  appVersion: z.string().min(1).max(40),
});
export const HelloResult = z.strictObject({
  serverVersion: z.string(),
  protocolVersion: z.number().int(),
  principal: Principal,
  serverTime: z.iso.datetime(),
  /** When the access token in use expires; the client renews before it with `token:renew`. */
  tokenExpiresAt: z.iso.datetime(),
});

export const TokenRenew = z.strictObject({ accessToken: z.string().min(20).max(4000) });
export const TokenRenewResult = z.strictObject({ tokenExpiresAt: z.iso.datetime() });

export const VisitOpenResult = z.strictObject({ visitId: EntityId, openedAt: z.iso.datetime() });
export const VisitClose = z.strictObject({ visitId: EntityId });
export const VisitCloseResult = z.strictObject({ visitId: EntityId, closedAt: z.iso.datetime() });

/** Reasons a specialist may choose themselves; "missed offer" is only ever set by the queue. */
export const ChoosableAwayReason = AwayReason.exclude(['missed-offer']);
export type ChoosableAwayReason = z.infer<typeof ChoosableAwayReason>;

export const PresenceSet = z
  .strictObject({
    state: z.enum(['available', 'away']),
    reason: ChoosableAwayReason.optional(),
  })
  .refine((p) => (p.state === 'away') === (p.reason !== undefined), {
    message: 'a reason is required when away, and only then',
    path: ['reason'],
  });
export const PresenceStatus = z.strictObject({
  state: ExpertState,
  reason: AwayReason.optional(),
  since: z.iso.datetime(),
});

/**
 * The answer to `invite:decline`: a specialist's or an interpreter's presence (available again);
 * empty for a supervisor, who has no presence.
 */
export const InviteDeclined = z.union([PresenceStatus, z.strictObject({})]);
export type InviteDeclined = z.infer<typeof InviteDeclined>;

interface ClientEventSpec {
  /** The grant the caller's token must carry; `null` means any signed-in principal. */
  capability: Capability | null;
  payload: z.ZodType;
  result: z.ZodType;
}

export const clientEvents = {
  hello: { capability: null, payload: Hello, result: HelloResult },
  'token:renew': { capability: null, payload: TokenRenew, result: TokenRenewResult },
  'directory:get': { capability: null, payload: Empty, result: Directory },
  'visit:open': { capability: 'visit', payload: Empty, result: VisitOpenResult },
  'visit:close': { capability: 'visit', payload: VisitClose, result: VisitCloseResult },
  'presence:set': { capability: 'serve', payload: PresenceSet, result: PresenceStatus },
  'presence:get': { capability: 'serve', payload: Empty, result: PresenceStatus },
  'request:create': { capability: 'visit', payload: RequestCreate, result: RequestCreateResult },
  /** Who is signed in at this point now, and whether one must be (advisor.ts). */
  'advisor:get': { capability: 'visit', payload: Empty, result: AdvisorState },
  /** The advisor is still at work: the sign-in's idle timeout starts again. */
  'advisor:touch': { capability: 'visit', payload: Empty, result: AdvisorState },
  /** The advisor signs out; the point stays open for the next one. */
  'advisor:sign-out': { capability: 'visit', payload: Empty, result: AdvisorState },
  'request:cancel': { capability: 'visit', payload: TicketRef, result: TicketView },
  'request:resume': { capability: 'visit', payload: RequestResume, result: TicketView },
  'request:list': { capability: 'visit', payload: Empty, result: z.array(TicketView) },
  /**
   * The customer steps away from the point for `minutes`: the request keeps its place, the visit
   * leaves the point's desk (the next customer may start one), and the point is alerted when the
   * request is two places from the head. At the head it is passed over once, then abandoned.
   */
  'request:step-away': { capability: 'visit', payload: RequestStepAway, result: TicketView },
  /** The stepped-away customer is back at the point: their visit is the desk's again. */
  'request:step-back': { capability: 'visit', payload: TicketRef, result: TicketView },
  /** Which agencies can serve now and in which languages: the start screen's tiles, asked every few seconds. */
  'availability:get': { capability: 'visit', payload: Empty, result: AvailabilitySnapshot },
  'offer:accept': { capability: 'serve', payload: OfferRef, result: OfferAcceptResult },
  'offer:decline': { capability: 'serve', payload: OfferRef, result: PresenceStatus },
  'session:end': { capability: 'serve', payload: SessionRef, result: SessionEnded },
  'session:wrap-up': { capability: 'serve', payload: WrapUp, result: PresenceStatus },
  'session:transfer': { capability: 'serve', payload: SessionTransfer, result: SessionEnded },
  /** A chat message to everyone in the session (its point and specialist), while it runs. */
  'chat:send': { capability: null, payload: ChatSend, result: ChatMessage },
  /** The session's chat so far (after a reload or a reconnection). */
  'chat:history': { capability: null, payload: SessionRef, result: ChatHistory },
  /** The documents shared in the session so far (uploaded over HTTP, documents.ts). */
  'document:list': { capability: null, payload: SessionRef, result: SessionDocuments },
  /** The point leaves the call: the session ends for both sides, the specialist goes to wrap-up. */
  'session:leave': { capability: 'visit', payload: SessionRef, result: SessionEnded },
  /** After an interrupted session: the same request again, at the head of the same queue. */
  'request:requeue': { capability: 'visit', payload: SessionRef, result: RequestCreateResult },
  'metrics:subscribe': { capability: 'supervise', payload: Empty, result: MetricsSnapshot },
  /**
   * A supervisor joins a session of their agencies in progress, from the wallboard: everyone in
   * the call is told (`session:participants`); the supervisor then joins the visit's media room.
   */
  'session:join-as-supervisor': { capability: 'supervise', payload: SessionRef, result: SessionParticipants },
  /** The supervisor leaves the session's call; everyone in it is told. */
  'session:leave-as-supervisor': { capability: 'supervise', payload: SessionRef, result: SessionParticipants },
  /**
   * The session's specialist invites a colleague (agency × language), an interpreter of the pool or
   * a supervisor of the session's agency into the call: the one free longest rings
   * (`invite:incoming`); the answer comes as `invite:answered`.
   */
  'session:invite': { capability: 'serve', payload: SessionInvite, result: SessionInviteResult },
  /**
   * The invitee accepts: they join the session's call (the visit's media room) as a guest. Any
   * signed-in principal may send it (the invitee is a specialist, an interpreter or a supervisor);
   * only the one the invite rings at gets past INVITE_GONE.
   */
  'invite:accept': { capability: null, payload: InviteRef, result: SessionParticipants },
  /** The invitee declines: a specialist or interpreter is available again. Sent like `invite:accept`. */
  'invite:decline': { capability: null, payload: InviteRef, result: InviteDeclined },
  /** An invited colleague or interpreter leaves the call before its end: available again. */
  'session:leave-as-guest': { capability: 'serve', payload: SessionRef, result: PresenceStatus },
  /** Who is in the session's call now (any participant: the point, the specialist, a joined guest). */
  'session:participants:get': { capability: null, payload: SessionRef, result: SessionParticipants },
  /** The customer's rating and comment for an ended session of this point; once per session. */
  'feedback:submit': { capability: 'visit', payload: FeedbackSubmit, result: FeedbackReceipt },
  /**
   * A specialist's view of the queues: every agency × language with its waiting customers and who
   * is at work; then pushed as `queues:update` when they change.
   */
  'queues:watch': { capability: 'serve', payload: Empty, result: QueueGlanceSnapshot },
  /**
   * The caller's offer, session or wrap-up in progress, an invite ringing at them, or the call they
   * are in by invite: what a reloaded console resumes. Any signed-in principal (a supervisor too, who
   * may be invited); empty for one who has no such work.
   */
  'work:current': { capability: null, payload: Empty, result: CurrentWork },
  /** Specialists and points for the wallboard; then pushed as `supervision:update`. */
  'supervision:subscribe': { capability: 'supervise', payload: Empty, result: SupervisionSnapshot },
  /** Today's waiting and service level per queue, sampled by the server, for the wallboard charts. */
  'supervision:history': { capability: 'supervise', payload: Empty, result: SupervisionHistory },
  // Media (docs/media.md). Any signed-in principal may ask; the grant is checked per room inside.
  'media:capabilities': { capability: null, payload: Empty, result: MediaCapabilitiesResult },
  'media:join': { capability: null, payload: MediaJoin, result: MediaJoinResult },
  'media:leave': { capability: null, payload: MediaRoomRef, result: MediaOk },
  'media:resume': { capability: null, payload: MediaRoomRef, result: MediaResumeResult },
  'media:transport:create': { capability: null, payload: MediaTransportCreate, result: TransportParams },
  'media:transport:connect': { capability: null, payload: MediaTransportConnect, result: MediaOk },
  'media:transport:restart-ice': { capability: null, payload: MediaTransportRef, result: MediaRestartIceResult },
  'media:produce': { capability: null, payload: MediaProduce, result: MediaProduceResult },
  'media:producer:set': { capability: null, payload: MediaProducerSet, result: MediaOk },
  'media:consume': { capability: null, payload: MediaConsume, result: ConsumerParams },
  // Appointments (bookings.ts): slots, bookings, check-in, shifts and agendas.
  ...bookingClientEvents,
  'media:consumer:resume': { capability: null, payload: MediaConsumerRef, result: MediaOk },
  'media:consumer:layers': { capability: null, payload: MediaConsumerLayers, result: MediaOk },
  /** Stops a consumer on the SFU (a weak downlink takes no video); `media:consumer:resume` restarts it. */
  'media:consumer:pause': { capability: null, payload: MediaConsumerRef, result: MediaOk },
  /** The caller's call level changed (weak network, or audio only chosen): relayed as `media:level`. */
  'media:level:set': { capability: null, payload: MediaLevelSet, result: MediaOk },
} as const satisfies Record<string, ClientEventSpec>;

export type ClientEventName = keyof typeof clientEvents;
export const CLIENT_EVENT_NAMES = Object.keys(clientEvents) as ClientEventName[];
export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['payload']>;
export type ClientResult<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['result']>;

/** Socket.IO map for `socket.emit(name, payload, ack)` from an app to signaling. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: AckCallback<ClientResult<E>>) => void;
};

export const ServerShutdown = z.strictObject({ reconnectAfterMs: z.number().int().nonnegative() });

export const serverEvents = {
  /**
   * The specialist's own state changed (also from another tab or from the queue). Not sent where
   * the queue's own event says it, to every connection of theirs: ringing (`offer:incoming`, since
   * its `offeredAt`) and in a session they started (`session:started`, since its `answeredAt`); nor
   * to the connection whose `session:end` or `session:transfer` answer says the wrap-up (since its
   * `endedAt`), nor to the one whose `presence:set` answer says the state chosen, nor to the one
   * whose `offer:decline` or `session:wrap-up` answer says the state it left them in, while their
   * other connections hear it. A `presence:set` that changes nothing is pushed to nobody.
   */
  'presence:changed': PresenceStatus,
  /** An error not tied to one request, e.g. the token expired on an open connection. */
  'server:error': WireError,
  /** The process is shutting down gracefully; reconnect (to another node) after the delay. */
  'server:shutdown': ServerShutdown,
  /** An advisor signed in or out at this point (to every connection of the point). */
  'advisor:changed': AdvisorState,
  /**
   * A point's request changed: position, estimate or state. Not sent for the request's answer:
   * `session:started` (to the point) says it is in a session.
   */
  'ticket:update': TicketView,
  /** A request is offered to this specialist; accept or decline before `expiresAt`. */
  'offer:incoming': Offer,
  /** The offer is gone (timed out, cancelled by the point, ...). */
  'offer:withdrawn': OfferWithdrawn,
  /** An offer with an interpreter: the other side has accepted (the call starts when this side does). */
  'offer:partner-accepted': OfferRef,
  /** The caller is invited into a session under way; accept or decline before `expiresAt`. */
  'invite:incoming': InviteIncoming,
  /** The inviter's invite was answered, rang out or was cancelled. */
  'invite:answered': InviteAnswered,
  /**
   * A session started: to the point and the specialist (and the interpreter), except the connection
   * whose `offer:accept` answer is the session.
   */
  'session:started': Session,
  /** The specialist ended the session (to the point; the specialist gets the acknowledgement). */
  'session:ended': SessionEnded,
  /** A chat message in the caller's session (their own included, so every tab shows it). */
  'chat:message': ChatMessage,
  /** A document was shared in the caller's session (to both sides). */
  'document:shared': SharedDocument,
  /** The other side of the caller's session lost its connection, or came back. */
  'session:peer': SessionPeer,
  /** Someone joined or left the caller's session's call: everyone in it, by role and name. */
  'session:participants': SessionParticipants,
  /** Queues a specialist watches changed (`queues:watch`; only the queues that changed). */
  'queues:update': QueueGlanceSnapshot,
  /** Live queue figures changed (only the queues that changed). */
  'metrics:update': MetricsSnapshot,
  /** Specialists' states and points' activity for subscribed supervisors, when they change. */
  'supervision:update': SupervisionSnapshot,
  /** Someone joined the caller's media room (their producers follow as `media:producer:added`). */
  'media:participant:joined': MediaParticipantEvent,
  /** Someone left the media room: everything they published is gone. */
  'media:participant:left': MediaParticipantEvent,
  'media:producer:added': MediaProducerAdded,
  'media:producer:removed': MediaProducerRemoved,
  /** A producer was muted or unmuted. */
  'media:producer:paused': MediaProducerPaused,
  /** The loudest participant now (null: silence). */
  'media:speaker': MediaSpeaker,
  /** Per-participant bitrate, loss and round-trip time, every few seconds. */
  'media:quality': MediaQuality,
  /** Another participant's call level changed: say in words what they no longer send. */
  'media:level': MediaLevelChanged,
  /** The room's media was set up again after a fault: join again. */
  'media:room:restarted': MediaRoomRestarted,
  /** The caller may no longer take part in the room's media. */
  'media:revoked': MediaRevoked,
} as const satisfies Record<string, z.ZodType>;

export type ServerEventName = keyof typeof serverEvents;
export type ServerPayload<E extends ServerEventName> = z.output<(typeof serverEvents)[E]>;

/** Socket.IO map for `socket.on(name, listener)` in the apps. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerPayload<E>) => void;
};
