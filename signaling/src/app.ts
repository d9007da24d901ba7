/**
 * Composition root of the signaling service: builds the collaborators from the configuration and
 * wires them into one Fastify server with Socket.IO attached. Returned unstarted so tests can
 * listen on a free port; `main.ts` adds signals and the port.
 */
import { readFileSync } from 'node:fs';
import { MAX_MESSAGE_BYTES, REPORT_MAX_ROWS } from '@etapiste/protocol';
import { resolveControlSecret } from '@etapiste/sfu-control';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Server } from 'socket.io';
import { LoginLimiter } from './auth/login-limiter.js';
import { authRoutes } from './auth/routes.js';
import { resolveTokenSecret, TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import { registerConnectionHandlers } from './connection/handlers.js';
import { Directory } from './directory/directory.js';
import { loadSeed } from './directory/seed.js';
import { FeedbackService } from './feedback/feedback-service.js';
import { registerFeedbackHandlers } from './feedback/handlers.js';
import { installErrorHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health.js';
import { SignalingMetrics } from './http/metrics.js';
import { LedgerRuntime } from './ledger/ledger-runtime.js';
import { loggerOptions } from './logger.js';
import { MediaEventsBridge } from './media/events-bridge.js';
import { registerMediaHandlers } from './media/handlers.js';
import { MediaService } from './media/media-service.js';
import { SfuClient } from './media/sfu-client.js';
import { parseTurnUrls } from './media/turn.js';
import { registerPresenceHandlers } from './presence/handlers.js';
import { PresencePusher } from './presence/presence-pusher.js';
import { PresenceService } from './presence/presence-service.js';
import { PresenceStore } from './presence/presence-store.js';
import { registerQueueHandlers } from './queue/handlers.js';
import { QueueRuntime } from './queue/queue-runtime.js';
import { AdapterRedis } from './realtime/adapter-redis.js';
import { CommandRouter } from './realtime/command-router.js';
import { principalRoom } from './realtime/rooms.js';
import { socketAuth } from './realtime/socket-auth.js';
import type { AppServer } from './realtime/types.js';
import { createRedis, type Redis } from './redis/connection.js';
import { Keys } from './redis/keys.js';
import { openApi } from './reports/openapi.js';
import { ReportStore } from './reports/report-store.js';
import { reportRoutes } from './reports/routes.js';
import { OfferStore } from './sessions/offer-store.js';
import { SessionStore } from './sessions/session-store.js';
import { registerSupervisionHandlers } from './supervision/handlers.js';
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
  directory: Directory;
  tokens: TokenService;
  keys: Keys;
  /** Graceful stop: tells clients to reconnect elsewhere, closes sockets, HTTP and Redis. */
  close(): Promise<void>;
}

export async function createSignaling(config: Config): Promise<Signaling> {
  const redis = createRedis(config.REDIS_URL, 'signaling');
  const keys = new Keys(config.REDIS_PREFIX);
  const seed = await loadSeed(config.SEED_FILE);
  const directory = new Directory(seed);
  const tokens = new TokenService(await resolveTokenSecret(config.TOKEN_SECRET, redis, keys), {
    accessSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    pointRefreshSeconds: config.POINT_REFRESH_TOKEN_TTL_SECONDS,
  });
  const metrics = new SignalingMetrics();
  let shuttingDown = false;

  const app = Fastify({ logger: loggerOptions(config.LOG_LEVEL), bodyLimit: 64 * 1024, trustProxy: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
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
    metrics,
    version: SERVER_VERSION,
    isShuttingDown: () => shuttingDown,
  });
  await app.register(authRoutes, {
    directory,
    tokens,
    redis,
    keys,
    metrics,
    limiter: new LoginLimiter(
      redis,
      keys.loginFailures(),
      config.LOGIN_MAX_FAILURES,
      config.LOGIN_FAILURE_WINDOW_SECONDS,
    ),
  });
  let ledger: LedgerRuntime | undefined;
  let reports: ReportStore | undefined;
  await app.register(reportRoutes, { tokens, directory, reports: () => reports });

  // The adapter carries pushes between signaling processes over a Redis stream, and keeps the
  // sessions that let a briefly disconnected client recover its rooms and missed events.
  const adapterRedis = new AdapterRedis(config.REDIS_URL);
  const io: AppServer = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    cors: { origin: corsOrigins(config.CORS_ORIGINS) },
    adapter: createAdapter(adapterRedis, {
      streamName: keys.socketIoStream(),
      sessionKeyPrefix: keys.socketIoSessions(),
    }),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  io.use(socketAuth(tokens));

  const visits = new VisitStore(redis, keys);
  const presence = new PresenceStore(redis, keys);
  const presencePusher = new PresencePusher(io, presence);
  const sessions = new SessionStore(redis, keys);
  const offers = new OfferStore(redis, keys);
  const queue = new QueueRuntime({
    io,
    redis,
    redisUrl: config.REDIS_URL,
    keys,
    directory,
    visits,
    presence,
    presencePusher,
    sessions,
    offers,
    log: app.log,
    timeZone: config.TIME_ZONE,
    pointGraceMs: config.POINT_GRACE_SECONDS * 1000,
    expertGraceMs: config.EXPERT_GRACE_SECONDS * 1000,
    settings: {
      offerTimeoutMs: config.OFFER_TIMEOUT_SECONDS * 1000,
      wrapUpLimitMs: config.WRAP_UP_LIMIT_SECONDS * 1000,
      defaultHandleMs: config.DEFAULT_HANDLE_SECONDS * 1000,
    },
  });

  const router = new CommandRouter({ commandsPerSecond: config.SOCKET_COMMANDS_PER_SECOND, log: app.log, metrics });
  registerConnectionHandlers(router, { tokens, directory, serverVersion: SERVER_VERSION });
  registerVisitHandlers(router, visits);
  registerPresenceHandlers(router, {
    store: presence,
    service: new PresenceService(queue.service, presence, directory),
    pusher: presencePusher,
  });
  registerQueueHandlers(router, queue);
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
    onSessionEnded: (ended) =>
      media
        .onSessionEnded(ended.sessionId)
        .catch((error: unknown) => app.log.warn({ err: error, sessionId: ended.sessionId }, 'media grant not ended')),
  });
  // A closed visit ends the point's media grant: it leaves the visit's room (an empty room closes).
  visits.onClosed((visit) =>
    media
      .onVisitClosed(visit.id, visit.pointId)
      .catch((error: unknown) => app.log.warn({ err: error, visitId: visit.id }, 'point not removed from its room')),
  );
  const mediaEvents = new MediaEventsBridge(config.REDIS_URL, keys, io, media.placer, app.log);
  await mediaEvents.start();
  const supervision = new SupervisionRuntime({
    io,
    redis,
    keys,
    presence,
    sessions,
    offers,
    directory,
    experts: seed.users.filter((u) => u.role === 'expert'),
    timeZone: config.TIME_ZONE,
    log: app.log,
    sampleIntervalMs: config.SUPERVISION_SAMPLE_SECONDS * 1000,
    pushIntervalMs: config.SUPERVISION_PUSH_SECONDS * 1000,
  });
  // The wallboard's live figures follow the queue's changes.
  queue.service.addListener(supervision.metrics);
  registerSupervisionHandlers(router, supervision);
  // The ledger consumes the queue's transactions and the points' feedback; feedback is taken even
  // where the ledger does not run here (the jobs wait in Redis for a process that runs it).
  const feedback = new FeedbackService(config.REDIS_URL, redis, keys, sessions);
  registerFeedbackHandlers(router, feedback);
  if (config.LEDGER_ENABLED ?? config.NODE_ENV !== 'test') {
    ledger = await LedgerRuntime.start({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.LEDGER_DATA_DIR,
      redisUrl: config.REDIS_URL,
      keys,
      log: app.log,
    });
    reports = new ReportStore(ledger.db, config.TIME_ZONE, REPORT_MAX_ROWS);
  }
  supervision.start();
  const unhandled = router.unhandledEvents();
  if (unhandled.length > 0) throw new Error(`protocol events without a handler: ${unhandled.join(', ')}`);

  io.on('connection', (socket) => {
    const { principal } = socket.data;
    void socket.join(principalRoom(principal));
    metrics.socketsConnected.inc({ role: principal.role });
    app.log.debug({ socketId: socket.id, principalId: principal.id, role: principal.role }, 'socket connected');
    router.attach(socket);
    // While the socket still lists its rooms: which media rooms to leave if it does not come back.
    socket.on('disconnecting', () => {
      if (!shuttingDown) media.onDisconnect(socket);
    });
    socket.on('disconnect', (reason) => {
      metrics.socketsConnected.dec({ role: principal.role });
      app.log.debug({ socketId: socket.id, principalId: principal.id, reason }, 'socket disconnected');
      if (!shuttingDown) {
        queue.onDisconnect(principal).catch((error: unknown) => app.log.warn({ err: error }, 'grace period not armed'));
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
    await queue.close();
    media.close();
    mediaEvents.close();
    adapterRedis.close();
  });
  // After the queue: the ledger finishes the jobs in hand, then closes its database.
  app.addHook('onClose', async () => {
    await feedback.close();
    await ledger?.close();
  });

  return {
    app,
    io,
    redis,
    queue,
    supervision,
    ledger,
    feedback,
    directory,
    tokens,
    keys,
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
