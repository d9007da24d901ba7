/**
 * Composition root of the signaling service: builds the collaborators from the configuration and
 * wires them into one Fastify server with Socket.IO attached. Returned unstarted so tests can
 * listen on a free port; `main.ts` adds signals and the port.
 */
import { readFileSync } from 'node:fs';
import { type AdvisorState, MAX_MESSAGE_BYTES, ProtocolError, REPORT_MAX_ROWS } from '@etapiste/protocol';
import { resolveControlSecret } from '@etapiste/sfu-control';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Server } from 'socket.io';
import { ledgerAdminRoutes } from './admin/ledger-routes.js';
import { adminRoutes } from './admin/routes.js';
import { PasswordAdvisorAuthenticator } from './advisors/advisor-authenticator.js';
import { AdvisorSessions } from './advisors/advisor-sessions.js';
import { registerAdvisorHandlers } from './advisors/handlers.js';
import { advisorRoutes } from './advisors/routes.js';
import { AuditTrail } from './audit/audit-trail.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { authRoutes } from './auth/routes.js';
import { TokenFamilies } from './auth/token-families.js';
import { resolveTokenSecret, TokenService } from './auth/tokens.js';
import { agendaRoutes } from './bookings/agenda-routes.js';
import { BookingService } from './bookings/booking-service.js';
import { BookingStore } from './bookings/booking-store.js';
import { registerBookingHandlers } from './bookings/handlers.js';
import { LocalTime } from './bookings/local-time.js';
import { ChatService } from './chat/chat-service.js';
import { registerChatHandlers } from './chat/handlers.js';
import { type Config, redisTarget } from './config.js';
import { registerConnectionHandlers } from './connection/handlers.js';
import { Directory } from './directory/directory.js';
import { DirectoryStore } from './directory/directory-store.js';
import { DirectorySync } from './directory/directory-sync.js';
import { holds, loadSeed } from './directory/seed.js';
import { documentKey } from './documents/document-crypto.js';
import { DocumentStore } from './documents/document-store.js';
import { registerDocumentHandlers } from './documents/handlers.js';
import { documentRoutes } from './documents/routes.js';
import { failpoint } from './failpoints/failpoints.js';
import { FeedbackService } from './feedback/feedback-service.js';
import { registerFeedbackHandlers } from './feedback/handlers.js';
import { installErrorHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health.js';
import { Prometheus, prometheusListener, prometheusRoutes } from './http/prometheus.js';
import { refuseUnsafeText } from './http/unsafe-text.js';
import { openDatabaseWhenReachable } from './ledger/database-retry.js';
import { LedgerBacklog } from './ledger/ledger-backlog.js';
import { LedgerRuntime } from './ledger/ledger-runtime.js';
import { migrate } from './ledger/migrator.js';
import { ProcessLiveness, tracked } from './liveness/process-liveness.js';
import { loggerOptions } from './logger.js';
import { MediaEventsBridge } from './media/events-bridge.js';
import { registerMediaHandlers } from './media/handlers.js';
import { MediaService } from './media/media-service.js';
import { SfuClient } from './media/sfu-client.js';
import { parseTurnUrls } from './media/turn.js';
import { registerPresenceHandlers } from './presence/handlers.js';
import { PresencePusher } from './presence/presence-pusher.js';
import { queueSkillsOf } from './presence/presence-record.js';
import { PresenceService } from './presence/presence-service.js';
import { PresenceStore } from './presence/presence-store.js';
import { AvailabilityReader, registerAvailabilityHandlers } from './queue/availability.js';
import { registerQueueHandlers } from './queue/handlers.js';
import { OutboxBacklog } from './queue/outbox-backlog.js';
import { QueueRuntime } from './queue/queue-runtime.js';
import { AdapterRedis } from './realtime/adapter-redis.js';
import { CommandRouter } from './realtime/command-router.js';
import { FamilySignOut } from './realtime/family-sign-out.js';
import { RecoveryGuard } from './realtime/recovery-guard.js';
import { isMetricsRoom, pointRoom, principalRoom, queuesRoom } from './realtime/rooms.js';
import { socketAuth } from './realtime/socket-auth.js';
import type { AppServer } from './realtime/types.js';
import { WatchMarks } from './realtime/watch-marks.js';
import { checkSentinelTarget, createRedis, logRedisErrors, type Redis } from './redis/connection.js';
import { Keys } from './redis/keys.js';
import { openApi } from './reports/openapi.js';
import { ReportStore } from './reports/report-store.js';
import { reportRoutes } from './reports/routes.js';
import { registerInviteHandlers } from './sessions/invite-handlers.js';
import { OfferStore } from './sessions/offer-store.js';
import { registerParticipantsHandlers } from './sessions/participants-handlers.js';
import { ParticipantsService } from './sessions/participants-service.js';
import { PeerPusher } from './sessions/peer-pusher.js';
import { SessionStore } from './sessions/session-store.js';
import { registerSupervisionHandlers } from './supervision/handlers.js';
import { QueueMetricsReader } from './supervision/queue-metrics.js';
import { SupervisionRuntime } from './supervision/supervision-runtime.js';
import { registerVisitHandlers } from './visits/handlers.js';
import { VisitStore } from './visits/visit-store.js';

export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface Signaling {
  app: FastifyInstance;
  io: AppServer;
  redis: Redis;
  queue: QueueRuntime;
  supervision: SupervisionRuntime;
  /** The transaction ledger; undefined when LEDGER_ENABLED is off in this process. */
  ledger: LedgerRuntime | undefined;
  feedback: FeedbackService;
  audit: AuditTrail;
  directory: Directory;
  tokens: TokenService;
  keys: Keys;
  /** The internal `/metrics` listener (METRICS_PORT), started; undefined when not configured. */
  metricsListener: FastifyInstance | undefined;
  /** Graceful stop: tells clients to reconnect elsewhere, closes sockets, HTTP and Redis. */
  close(): Promise<void>;
}

export async function createSignaling(config: Config): Promise<Signaling> {
  // REDIS_URL, or the sentinels' current primary (REDIS_SENTINELS): every connection below follows it.
  const redisAt = redisTarget(config);
  await checkSentinelTarget(redisAt);
  const redis = createRedis(redisAt, 'signaling');
  const keys = new Keys(config.REDIS_PREFIX);
  // The database holds the directory and the ledger: PostgreSQL (DATABASE_URL), else the embedded
  // PGlite where this process runs the ledger. A test process with neither reads the seed file.
  const ledgerEnabled = config.LEDGER_ENABLED ?? config.NODE_ENV !== 'test';
  const database =
    config.DATABASE_URL || ledgerEnabled
      ? // A PostgreSQL not up yet is waited for (one line per retry), not a reason to exit.
        await openDatabaseWhenReachable({ databaseUrl: config.DATABASE_URL, dataDir: config.LEDGER_DATA_DIR }, (line) =>
          console.error(line),
        )
      : undefined;
  let directory: Directory;
  let directoryStore: DirectoryStore | undefined;
  let directoryRevision = 0;
  let directorySync: DirectorySync | undefined;
  try {
    if (database) {
      await migrate(database);
      directoryStore = new DirectoryStore(database);
      // The seed file fills an empty directory only; after that the database is the truth.
      if (await directoryStore.isEmpty()) await directoryStore.importSeed(await loadSeed(config.SEED_FILE));
      const snapshot = await directoryStore.snapshot();
      directoryRevision = snapshot.revision;
      directory = new Directory(snapshot.seed);
    } else {
      directory = new Directory(await loadSeed(config.SEED_FILE));
    }
  } catch (error) {
    await database?.close().catch(() => undefined);
    redis.disconnect();
    throw error;
  }
  const families = new TokenFamilies(redis, keys);
  const tokenSecret = await resolveTokenSecret(config.TOKEN_SECRET, redis, keys);
  const tokens = new TokenService(
    tokenSecret,
    {
      accessSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      pointRefreshSeconds: config.POINT_REFRESH_TOKEN_TTL_SECONDS,
    },
    families,
  );
  const prometheus = new Prometheus();
  let shuttingDown = false;

  // `request.ip` is the peer unless it is a configured proxy (TRUST_PROXY); sign-in throttling keys on it.
  const app = Fastify({
    logger: loggerOptions(config.LOG_LEVEL),
    bodyLimit: 64 * 1024,
    trustProxy: config.TRUST_PROXY.length > 0 ? config.TRUST_PROXY : false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  logRedisErrors(redis, app.log, 'signaling');
  refuseUnsafeText(app);
  // Before every route, so that the OpenAPI document lists them all.
  await app.register(openApi, { version: SERVER_VERSION });
  await app.register(helmet);
  await app.register(cors, {
    origin: corsOrigins(config.CORS_ORIGINS),
    // A report's CSV names its file and says whether it was cut; a console on another origin reads both.
    exposedHeaders: ['content-disposition', 'x-report-truncated'],
  });
  await app.register(healthRoutes, {
    redis,
    version: SERVER_VERSION,
    isShuttingDown: () => shuttingDown,
  });
  // `/metrics` on the public port only behind its token; otherwise on the internal listener (below).
  if (config.METRICS_TOKEN) await app.register(prometheusRoutes, { prometheus, token: config.METRICS_TOKEN });
  // Sign-ins, report reads and admin changes are recorded on the audit chain (docs/security.md).
  const audit = new AuditTrail(redisAt, keys);
  logRedisErrors(audit.queue, app.log, 'audit');
  const limiter = new LoginLimiter(redis, keys, {
    maxFailures: config.LOGIN_MAX_FAILURES,
    windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
  });
  await app.register(authRoutes, {
    audit,
    directory,
    tokens,
    families,
    prometheus,
    limiter,
    // Made below with `io`; a refresh is only ever answered once the server listens.
    signOut: (principal, family) => familySignOut.signOut(principal, family),
  });
  let ledger: LedgerRuntime | undefined;
  let reports: ReportStore | undefined;
  await app.register(reportRoutes, { tokens, directory, reports: () => reports, audit });

  // The adapter carries pushes between signaling processes over a Redis stream, and keeps the
  // sessions that let a briefly disconnected client recover its rooms and missed events. A session
  // comes back only to its own principal and sign-in: the guard holds its rooms and missed events
  // back until the auth middleware, which must therefore run on recovery too (skipMiddlewares false).
  const adapterRedis = new AdapterRedis(redisAt, app.log);
  const recovery = new RecoveryGuard();
  const io: AppServer = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    cors: { origin: corsOrigins(config.CORS_ORIGINS) },
    adapter: recovery.adapter(
      createAdapter(adapterRedis, {
        streamName: keys.socketIoStream(),
        sessionKeyPrefix: keys.socketIoSessions(),
      }),
    ),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  io.use(socketAuth(tokens, recovery, app.log));
  const familySignOut = new FamilySignOut(io);

  const visits = new VisitStore(redis, keys);
  const presence = new PresenceStore(redis, keys);
  const presencePusher = new PresencePusher(io, presence);
  const sessions = new SessionStore(redis, keys);
  const offers = new OfferStore(redis, keys);
  const queue = new QueueRuntime({
    io,
    redis,
    redisUrl: redisAt,
    keys,
    directory,
    visits,
    presence,
    presencePusher,
    sessions,
    offers,
    log: app.log,
    timeZone: config.TIME_ZONE,
    alwaysOpen: config.DEMO_ALWAYS_OPEN,
    deadlineIntervalMs: config.DEADLINE_INTERVAL_MS,
    deadlineLeaseMs: config.DEADLINE_LEASE_MS,
    settings: {
      offerTimeoutMs: config.OFFER_TIMEOUT_SECONDS * 1000,
      wrapUpLimitMs: config.WRAP_UP_LIMIT_SECONDS * 1000,
      defaultHandleMs: config.DEFAULT_HANDLE_SECONDS * 1000,
      pointGraceMs: config.POINT_GRACE_SECONDS * 1000,
      expertGraceMs: config.EXPERT_GRACE_SECONDS * 1000,
      sessionLimitMs: config.SESSION_MAX_MINUTES * 60_000,
      serveAfterCloseMs: config.SERVE_AFTER_CLOSE_MINUTES * 60_000,
      retentionSeconds: config.QUEUE_RETENTION_HOURS * 3600,
      declineCooldownMs: config.DECLINE_COOLDOWN_SECONDS * 1000,
      longWaitMs: config.LONG_WAIT_SECONDS * 1000,
      bookingExclusiveMs: config.BOOKING_EXCLUSIVE_MINUTES * 60_000,
      passOverGraceMs: config.STEP_AWAY_PASS_OVER_SECONDS * 1000,
    },
  });
  // Who is connected, kept in Redis so that a killed process's points and specialists start their
  // grace periods anyway (liveness/): every point and specialist socket is registered.
  // Each side of a session hears when the other's connection went or came back (`session:peer`).
  const peers = new PeerPusher(io, redis, keys, app.log);
  const liveness = new ProcessLiveness({
    redis,
    prefix: config.REDIS_PREFIX,
    log: app.log,
    heartbeatMs: config.HEARTBEAT_INTERVAL_MS,
    ttlMs: config.HEARTBEAT_TTL_MS,
    pointGraceMs: config.POINT_GRACE_SECONDS * 1000,
    expertGraceMs: config.EXPERT_GRACE_SECONDS * 1000,
    onLost: (principal) => peers.changed(principal, 'lost'),
    onBack: (principal) => peers.changed(principal, 'back'),
    localSockets: function* () {
      for (const socket of io.of('/').sockets.values()) {
        if (tracked(socket.data.principal))
          yield { principal: principalRoom(socket.data.principal), socketId: socket.id };
      }
    },
  });

  const router = new CommandRouter({ commandsPerSecond: config.SOCKET_COMMANDS_PER_SECOND, log: app.log, prometheus });
  registerConnectionHandlers(router, { tokens, directory, serverVersion: SERVER_VERSION });
  registerVisitHandlers(router, visits);
  registerPresenceHandlers(router, {
    store: presence,
    service: new PresenceService(queue.service, presence, directory),
  });
  // Advisors sign in personally at a point (advisors/): every visit records who started it.
  const advisors = new AdvisorSessions(redis, keys, directory, {
    required: config.ADVISOR_SIGN_IN === 'required',
    idleSeconds: config.ADVISOR_IDLE_SECONDS,
  });
  const announceAdvisor = (pointId: string, state: AdvisorState) =>
    io.to(pointRoom(pointId)).emit('advisor:changed', state);
  registerAdvisorHandlers(router, advisors, audit, announceAdvisor);
  registerQueueHandlers(router, queue, advisors);
  // The session's chat (chat/): both sides, while it runs; gone when it ends unless the agency keeps it.
  const chat = new ChatService(redis, keys, io, sessions, directory, advisors);
  queue.service.addListener({ onSessionEnded: chat.onSessionEnded });
  registerChatHandlers(router, chat);
  // Documents shared in a session (documents/): encrypted in the database, gone a day after it ends.
  const documents = database
    ? new DocumentStore(
        database,
        documentKey(config.DOCUMENT_KEY, tokenSecret),
        config.DOCUMENT_RETENTION_HOURS * 3_600_000,
        config.SESSION_MAX_MINUTES * 60_000,
      )
    : undefined;
  queue.service.addListener({
    onSessionEnded: async (ended, known) => {
      // A session nobody shared a document in (the script says so) costs the database nothing.
      if (!known.documents) return;
      await documents
        ?.sessionEnded(ended.sessionId, new Date(ended.endedAt))
        .catch((error: unknown) => app.log.warn({ err: error, sessionId: ended.sessionId }, 'document expiry not set'));
    },
  });
  registerDocumentHandlers(router, sessions, () => documents);
  await app.register(documentRoutes, {
    tokens,
    sessions,
    documents: () => documents,
    audit,
    io,
    maxBytes: config.DOCUMENT_MAX_BYTES,
  });
  // Expired documents are deleted hourly by every process that has the database (idempotent).
  const documentSweep = setInterval(() => {
    documents?.sweep().catch((error: unknown) => app.log.warn({ err: error }, 'document sweep failed'));
  }, 3_600_000);
  documentSweep.unref();
  // Appointments (bookings/): shifts and bookings in the database; a check-in queues the booked
  // request through the queue's booking hook; a booked request whose session ends was served.
  const bookings = database
    ? (() => {
        const store = new BookingStore(database);
        const service = new BookingService(
          store,
          directory,
          new LocalTime(config.TIME_ZONE),
          queue.service,
          redis,
          keys,
          {
            noShowMs: config.BOOKING_NO_SHOW_MINUTES * 60_000,
            checkInEarlyMs: config.BOOKING_CHECK_IN_EARLY_MINUTES * 60_000,
            alwaysOpen: config.DEMO_ALWAYS_OPEN,
          },
        );
        return { store, service };
      })()
    : undefined;
  registerBookingHandlers(router, { bookings: () => bookings, advisors });
  await app.register(agendaRoutes, { tokens, directory, bookings: () => bookings });
  queue.service.addListener({
    onSessionEnded: async (ended, known) => {
      if (!bookings || !known.booked) return;
      await bookings.service
        .sessionEnded(known.ticketId, Date.parse(ended.endedAt))
        .catch((error: unknown) =>
          app.log.warn({ err: error, sessionId: ended.sessionId }, 'booking not marked served'),
        );
    },
  });
  // No-shows: every process with the database sweeps (idempotent: a compare-and-set, counted once).
  const bookingSweep = setInterval(() => {
    bookings?.service.sweepNoShows().catch((error: unknown) => app.log.warn({ err: error }, 'no-show sweep failed'));
  }, config.BOOKING_SWEEP_SECONDS * 1000);
  bookingSweep.unref();
  // The point's start screen: which agencies serve now, in which languages, by the queue's clock.
  registerAvailabilityHandlers(
    router,
    new AvailabilityReader({ redis, keys, directory, presence, clock: queue.clock }),
  );
  const media = new MediaService({
    io,
    redis,
    keys,
    visits,
    presence,
    sessions,
    sfu: new SfuClient(await resolveControlSecret(config.SFU_CONTROL_SECRET, redis, config.REDIS_PREFIX)),
    turn: {
      urls: parseTurnUrls(config.TURN_URLS),
      secret: config.TURN_SECRET,
      ttlSeconds: config.TURN_CREDENTIAL_TTL_SECONDS,
    },
    log: app.log,
    disconnectGraceMs: config.MEDIA_DISCONNECT_GRACE_SECONDS * 1000,
  });
  registerMediaHandlers(router, media);
  // A session that ends also ends its specialist's media grant, after the session's pushes have told
  // the point (listeners run in the order added; the queue runtime added its pushes first).
  queue.service.addListener({
    onSessionEnded: (ended, known) =>
      media
        .onSessionEnded(ended, known)
        .catch((error: unknown) => app.log.warn({ err: error, sessionId: ended.sessionId }, 'media grant not ended')),
    // The specialist's standby media (held on the SFU while they were available) is linked to the
    // visit's room: at the accept both ends only consume (docs/media.md "Standby").
    onSessionStarted: async (session) => {
      await media
        .onSessionStarted(session)
        .catch((error: unknown) => app.log.warn({ err: error, sessionId: session.sessionId }, 'standby not linked'));
    },
  });
  // While an offer rings, the specialist's standby media and the visit's room are linked pending,
  // so that at the accept nothing is left to negotiate (docs/media.md "Standby").
  if (config.MEDIA_LINK_AT_OFFER) {
    const warn = (error: unknown) => app.log.warn({ err: error }, 'pending media link not changed');
    queue.service.addListener({
      onReport: async (report) => {
        for (const made of report.offers) {
          const visitId = made.ticket?.visitId;
          if (made.role !== 'interpreter' && visitId) void media.onOfferRinging(made.expertId, visitId).catch(warn);
        }
        for (const gone of report.withdrawn) void media.onOfferWithdrawn(gone.expertId, gone.ticketId).catch(warn);
      },
    });
  }
  // Away or offline ends a specialist's standby media.
  presencePusher.onPushed((expertId, presence) => {
    media
      .onPresenceChanged(expertId, presence.state)
      .catch((error: unknown) => app.log.warn({ err: error, expertId }, 'standby not ended'));
  });
  // Closing a visit first cancels its requests still waiting or ringing (counted as cancelled).
  visits.onClosing(async (visit) => {
    await queue.service.cancelVisit(visit.pointId, visit.id);
  });
  // A closed visit ends the point's media grant: it leaves the visit's room (an empty room closes).
  visits.onClosed((visit) =>
    media
      .onVisitClosed(visit.id, visit.pointId)
      .catch((error: unknown) => app.log.warn({ err: error, visitId: visit.id }, 'point not removed from its room')),
  );
  // Who is in a call beyond its two sides: a supervisor who joined from the wallboard (issue 14).
  const participants = new ParticipantsService({
    io,
    sessions,
    directory,
    audit,
    log: app.log,
    removeFromMedia: (roomId, participantId, room, reason) => media.removeGuest(roomId, participantId, room, reason),
  });
  registerParticipantsHandlers(router, participants);
  // Invites into a session under way: a colleague (consultation), an interpreter or a supervisor (issue 14).
  registerInviteHandlers(router, queue.service, participants, directory);
  queue.service.addListener({ onSessionEnded: participants.onSessionEnded, onReport: participants.onReport });
  const mediaEvents = new MediaEventsBridge(redisAt, keys, io, media.placer, app.log);
  await mediaEvents.start();
  const supervision = new SupervisionRuntime({
    io,
    redis,
    keys,
    presence,
    sessions,
    offers,
    directory,
    experts: () => directory.users().filter((u) => holds(u, 'expert')),
    timeZone: config.TIME_ZONE,
    log: app.log,
    sampleIntervalMs: config.SUPERVISION_SAMPLE_SECONDS * 1000,
    pushIntervalMs: config.SUPERVISION_PUSH_SECONDS * 1000,
    participants: (principal, sessionId) => participants.view(principal, sessionId),
  });
  // The wallboard's live figures follow the queue's changes.
  queue.service.addListener(supervision.metrics);
  registerSupervisionHandlers(router, supervision, audit);
  // The ledger consumes the queue's transactions and the points' feedback; feedback is taken even
  // where the ledger does not run here (the jobs wait in Redis for a process that runs it).
  const feedback = new FeedbackService(redisAt, redis, keys, sessions);
  logRedisErrors(feedback.queue, app.log, 'feedback');
  registerFeedbackHandlers(router, feedback);
  await app.register(advisorRoutes, {
    tokens,
    sessions: advisors,
    authenticator: new PasswordAdvisorAuthenticator(directory),
    limiter,
    prometheus,
    audit,
    announce: announceAdvisor,
  });
  if (ledgerEnabled) {
    ledger = await LedgerRuntime.start({
      ...(database ? { db: database } : {}),
      databaseUrl: config.DATABASE_URL,
      dataDir: config.LEDGER_DATA_DIR,
      redisUrl: redisAt,
      keys,
      log: app.log,
      noteRetentionDays: config.WRAP_UP_NOTE_RETENTION_DAYS,
      feedbackCommentRetentionDays: config.FEEDBACK_COMMENT_RETENTION_DAYS,
      auditRetentionDays: config.AUDIT_RETENTION_DAYS,
      retentionSchedule: config.RETENTION_SCHEDULE,
      timeZone: config.TIME_ZONE,
    });
    reports = new ReportStore(ledger.db, config.TIME_ZONE, REPORT_MAX_ROWS);
  }
  // Every process follows the directory's changes (directory-sync.ts): a specialist given a new
  // skill while signed in is offered that queue at once. Sign-offs are the writer's (admin/).
  if (directoryStore) {
    directorySync = new DirectorySync({
      store: directoryStore,
      directory,
      redis,
      redisTarget: redisAt,
      keys,
      log: app.log,
      revision: directoryRevision,
    });
    directory.onChange((changes) => {
      for (const id of changes.skillsChanged) {
        const user = directory.user(id);
        if (!user) continue;
        // No longer a specialist or an interpreter: they serve no queue.
        queue.service
          .setSkills(id, queueSkillsOf(user) ?? '')
          .catch((error: unknown) => app.log.warn({ err: error, expertId: id }, 'new skills not applied'));
      }
    });
    await directorySync.start();
  }
  await app.register(adminRoutes, {
    tokens,
    families,
    store: directoryStore,
    sync: directorySync,
    ledgerDb: () => ledger?.db,
    audit,
    io,
    redis,
    keys,
    expertState: async (expertId) => (await presence.get(expertId)).state,
  });
  // Billing corrections, erasure on request and the audit trail's CSV (docs/ledger.md).
  await app.register(ledgerAdminRoutes, { tokens, audit, ledgerDb: () => ledger?.db, timeZone: config.TIME_ZONE });
  // Prometheus reads the queues' figures when it scrapes (infra/prometheus/alerts.yml).
  const queueFigures = new QueueMetricsReader(redis, keys, presence, directory, queue.clock);
  const outboxBacklog = new OutboxBacklog(redis, keys);
  const ledgerBacklog = new LedgerBacklog([...queue.outbox.queues.values(), feedback.queue, audit.queue]);
  prometheus.observe({
    queues: () => Promise.all(queueFigures.queues().map((q) => queueFigures.read(q.agency, q.language))),
    redisUp: () => redis.status === 'ready',
    outbox: () => outboxBacklog.read(),
    ledger: () => ledgerBacklog.read(),
    ...(database ? { databaseUp: async () => (await database.query('SELECT 1 AS up')).length === 1 } : {}),
  });
  supervision.start();
  // The pushed views watched from here stay marked for every process's pushes (watch-marks.ts).
  const watchRenewal = new WatchMarks(redis, keys).renewEvery(
    io,
    (room) => room === queuesRoom || isMetricsRoom(room),
    (error) => app.log.warn({ err: error }, 'watch marks not renewed'),
  );
  await liveness.start();
  queue.start();
  // Redis came back (a restart loses at most the last second of writes under AOF everysec): this
  // process registers its connections again and re-sends its clients' state (docs/queue.md).
  let redisLost = false;
  redis.on('error', () => {
    redisLost = true;
  });
  // A Sentinel failover may bring no error, only a reconnect to the promoted replica.
  redis.on('reconnecting', () => {
    redisLost = true;
  });
  redis.on('ready', () => {
    if (!redisLost) return;
    redisLost = false;
    app.log.warn('Redis is back; reconciling');
    void liveness.resync().catch((error: unknown) => app.log.warn({ err: error }, 'reconcile failed'));
    void watchRenewal.renew();
    // Every waiting point here gets its position again, from what Redis now holds.
    queue.positions.changed(directory.agencies().flatMap((a) => a.languages.map((l) => `${a.id}:${l}`)));
  });
  const unhandled = router.unhandledEvents();
  if (unhandled.length > 0) throw new Error(`protocol events without a handler: ${unhandled.join(', ')}`);

  // A point or specialist socket is in the connection registry before it counts as connected, so
  // nothing it does can meet a registry that does not know it yet.
  io.use((socket, next) => {
    const { principal } = socket.data;
    if (!tracked(principal)) return next();
    failpoint('liveness:before-register');
    liveness.connected(principalRoom(principal), socket.id).then(
      () => {
        // The client went while its registration was in flight: Socket.IO will not emit
        // `connection` (nor `disconnect`) for it, so it leaves the registry here. Checked in the
        // same tick as next(), which connects it synchronously when it is still open.
        if (socket.conn.readyState !== 'open') {
          void liveness
            .disconnected(principalRoom(principal), socket.id)
            .catch((error: unknown) => app.log.warn({ err: error }, 'disconnect not registered'));
        }
        next();
      },
      (error: unknown) => {
        app.log.warn({ err: error }, 'connection not registered');
        const wire = new ProtocolError('UNAVAILABLE');
        next(Object.assign(new Error(wire.message), { data: wire.toWire() }));
      },
    );
  });
  io.on('connection', (socket) => {
    const { principal } = socket.data;
    void socket.join(principalRoom(principal));
    prometheus.socketsConnected.inc({ role: principal.role });
    app.log.debug({ socketId: socket.id, principalId: principal.id, role: principal.role }, 'socket connected');
    router.attach(socket);
    // While the socket still lists its rooms: which media rooms to leave if it does not come back.
    socket.on('disconnecting', () => {
      if (!shuttingDown) media.onDisconnect(socket);
    });
    socket.on('disconnect', (reason) => {
      prometheus.socketsConnected.dec({ role: principal.role });
      app.log.debug({ socketId: socket.id, principalId: principal.id, reason }, 'socket disconnected');
      // Also while shutting down: the grace period starts, and a reconnection elsewhere ends it.
      if (tracked(principal)) {
        liveness
          .disconnected(principalRoom(principal), socket.id)
          .catch((error: unknown) => app.log.warn({ err: error }, 'disconnect not registered; the heartbeat reaps it'));
      }
    });
  });

  // Sockets first, then HTTP (the Fastify-Socket.IO pattern): preClose drops the sockets so the
  // HTTP server can finish, onClose releases the engine.
  app.addHook('preClose', async () => {
    io.local.emit('server:shutdown', { reconnectAfterMs: 500 });
    io.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    io.engine.close();
    // Stops the adapter's stream reading; its connections go with adapterRedis below.
    await io.of('/').adapter.close();
    supervision.close();
    watchRenewal.stop();
    await queue.close();
    await liveness.stop();
    media.close();
    mediaEvents.close();
    adapterRedis.close();
  });
  // After the queue: the ledger finishes the jobs in hand, then closes its database.
  app.addHook('onClose', async () => {
    clearInterval(documentSweep);
    clearInterval(bookingSweep);
    await feedback.close();
    await audit.close();
    await directorySync?.stop();
    await ledger?.close();
    await database?.close();
  });

  // The internal `/metrics` listener has a port of its own, so it starts here: a port already
  // taken stops the start with an error instead of leaving Prometheus without figures.
  let metricsListener: FastifyInstance | undefined;
  if (config.METRICS_PORT !== undefined) {
    const listener = await prometheusListener({ prometheus, token: config.METRICS_TOKEN, log: app.log });
    await listener.listen({ host: config.METRICS_HOST, port: config.METRICS_PORT });
    metricsListener = listener;
    app.addHook('onClose', async () => {
      await listener.close();
    });
  }

  return {
    app,
    io,
    redis,
    queue,
    supervision,
    ledger,
    feedback,
    audit,
    directory,
    tokens,
    keys,
    metricsListener,
    async close() {
      if (shuttingDown) return;
      shuttingDown = true;
      await app.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Explicit origins when configured; otherwise only localhost (the local stack). */
function corsOrigins(list: string): (string | RegExp)[] {
  const configured = list
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return configured.length > 0 ? configured : [/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/];
}
