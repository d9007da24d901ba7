/**
 * `pnpm bench media`:
 *  1. accept → first decoded video frame on both sides: two Chromium pages (fake devices) in a
 *     real call through the queue, signaling and the SFU; the point has its room, transports and
 *     media up while it waits, the specialist is available with camera and microphone published
 *     in their standby room, held on the SFU (docs/media.md "Standby"): the accept links the rooms
 *     and both pages only consume. Measured from the moment before `offer:accept` to the later of
 *     the two first decoded frames (requestVideoFrameCallback in each page). Median of
 *     BENCH_MEDIA_RUNS (10).
 *  1b. the same in the real apps (media-apps.ts): the built console and point pages as their users
 *     drive them, from the Accept click to the first frame each page presents of the other.
 *     Median of BENCH_MEDIA_APP_RUNS (5; 0 skips it; needs `pnpm run build`).
 *  2. four_party_sessions_per_core: how many 4-party sessions (point, specialist, interpreter,
 *     supervisor: each sends VP8 simulcast ×3 + Opus and receives the three others) one mediasoup
 *     worker forwards at ≤ 80 % of a core, through our rooms (active
 *     speaker, quality sampling, abs-capture-time filtering) and through a bare mediasoup router
 *     in the same run. Senders are synthetic (RTP from Node UDP sockets into PlainTransports, see
 *     media-load.ts). The worker's CPU is measured at a few loads (BENCH_MEDIA_LEVELS) and the
 *     80 % point found on the fitted line, since driving a 2-core machine to 80 % of one core
 *     with the load generator on the other would measure the generator instead.
 * Last line: JSON.
 */
import { randomUUID } from 'node:crypto';
import type { ParticipantId } from '@etapiste/protocol';
import type { types } from 'mediasoup';
import * as mediasoup from 'mediasoup';
import pino from 'pino';
import { launchChromium } from '../e2e/support/browser.js';
import { type Call, call, openPage, startCall } from '../e2e/support/media-call.js';
import { startTestStack } from '../e2e/support/stack.js';
import { freeMediaPort } from '../scripts/media-port.mjs';
import { RoomManager } from '../sfu-server/src/rooms/room-manager.js';
import { MEDIA_CODECS } from '../sfu-server/src/workers/media-codecs.js';
import { WorkerPool } from '../sfu-server/src/workers/worker-pool.js';
import { appsAcceptToFirstFrame } from './media-apps.js';
import { cameraParameters, microphoneParameters, SyntheticSender, startSink, workerCpu } from './media-load.js';

const runs = Number(process.env.BENCH_MEDIA_RUNS ?? 10);
const appRuns = Number(process.env.BENCH_MEDIA_APP_RUNS ?? 5);
const standbyPath = process.env.BENCH_MEDIA_STANDBY !== '0';
/** How long the specialist reads an offer before answering it (BENCH_MEDIA_ACCEPT_AFTER_MS). */
const ACCEPT_AFTER_MS = Number(process.env.BENCH_MEDIA_ACCEPT_AFTER_MS ?? 1000);
/** The signaling option under test: links made pending while the offer rings (MEDIA_LINK_AT_OFFER). */
const LINK_AT_OFFER = process.env.MEDIA_LINK_AT_OFFER ?? 'true';
const levels = (process.env.BENCH_MEDIA_LEVELS ?? '5,10,15').split(',').map(Number);
/** Everyone in a session sends camera and microphone and receives the others'. */
const PARTIES = 4;
const measureMs = Number(process.env.BENCH_MEDIA_MEASURE_MS ?? 10000);
const progress = (message: string) => process.stderr.write(`[media] ${message}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

// ── 1. accept → first frame ─────────────────────────────────────────────────────────────────

/**
 * A call as the apps make it now: the specialist available first, in their standby room with
 * camera and microphone (held on the SFU); the point's visit, media and join while it waits; the
 * accept (armed) links the two rooms and joins nothing.
 */
async function startStandbyCall(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  pageUrl: string,
  signalingUrl: string,
): Promise<Call> {
  const [point, expert] = await Promise.all([openPage(browser, pageUrl), openPage(browser, pageUrl)]);
  await call(point, 'init', signalingUrl, { pointId: 'mikkeli', pointKey: 'demo-point-key-mikkeli' });
  await call(expert, 'init', signalingUrl, { username: 'aino', password: 'etapiste-demo' });
  await call(expert, 'request', 'presence:set', { state: 'available' }).catch(() => undefined);
  await call(expert, 'publish', 'microphone');
  await call(expert, 'publish', 'camera');
  await call(expert, 'join', { roomId: 'standby-aino' });
  // The specialist reads the offer for a second before answering (the clock starts at the answer).
  await call(expert, 'armAccept', { standby: true, afterMs: ACCEPT_AFTER_MS });
  const { visitId } = await call<{ visitId: string }>(point, 'request', 'visit:open', {});
  await call(point, 'publish', 'microphone');
  await call(point, 'publish', 'camera');
  await call(point, 'join', { roomId: visitId });
  // A customer waits at least a moment before a specialist answers: long enough for both pages to
  // have connected their transports (the receive side by its warm-up, docs/media.md), which they
  // do while waiting in a real call. Without this the bench would time a handshake racing the accept.
  await transportsConnected(expert);
  await transportsConnected(point);
  await call(point, 'request', 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' });
  const session = await call<{ sessionId: string; visitId: string }>(expert, 'served');
  if (session.visitId !== visitId) throw new Error('the session is for another visit');
  return { point, expert, visitId, sessionId: session.sessionId };
}

/** Waits (up to 10 s) until the page's send and receive transports are both connected. */
async function transportsConnected(page: Call['point']): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const transports = await call<{ direction: string; state: string }[]>(page, 'connection');
    if (transports.length === 2 && transports.every((t) => t.state === 'connected')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the page did not connect its transports');
}

async function acceptToFirstFrame(): Promise<{ both: number[]; atExpert: number[]; atPoint: number[] }> {
  const stack = await startTestStack({
    servers: 'in-process',
    workers: 1,
    env: { MEDIA_LINK_AT_OFFER: LINK_AT_OFFER },
  });
  const browser = await launchChromium();
  const result = { both: [] as number[], atExpert: [] as number[], atPoint: [] as number[] };
  try {
    for (let run = 0; run < runs; run++) {
      // BENCH_MEDIA_STANDBY=0: the specialist joins the visit's room at the accept (the old path), to compare.
      const c = standbyPath
        ? await startStandbyCall(browser, stack.pageUrl, stack.signalingUrl)
        : await startCall(browser, stack.pageUrl, stack.signalingUrl);
      const accept = await c.expert.evaluate(
        () => (window as unknown as { h: { marks: { accept: number } } }).h.marks.accept,
      );
      // Waited for in each page, not polled: polling would load the pages and this process (which
      // runs the servers) while they are measured.
      const first = async (page: typeof c.point) => {
        const at = await call<number | undefined>(page, 'nextFirstFrame', 'camera', 5_000);
        if (at === undefined) throw new Error('no first frame');
        return at;
      };
      const [expertFrame, pointFrame] = await Promise.all([first(c.expert), first(c.point)]);
      result.atExpert.push(Math.round(expertFrame - accept));
      result.atPoint.push(Math.round(pointFrame - accept));
      result.both.push(Math.round(Math.max(expertFrame, pointFrame) - accept));
      const trackAtPoint = await call<number | undefined>(c.point, 'mark', 'track:camera:video');
      const at = async (page: typeof c.point, name: string) =>
        Math.round(((await call<number | undefined>(page, 'mark', name)) ?? Number.NaN) - accept);
      progress(
        `  accepted ${await at(c.expert, 'accepted')}, joined ${await at(c.expert, 'joined')}, specialist got the point camera ${await at(c.expert, 'track:camera:video')}, point got the specialist camera ${Math.round((trackAtPoint ?? 0) - accept)} ms`,
      );
      progress(
        `run ${run + 1}: ${result.both.at(-1)} ms (specialist sees point ${result.atExpert.at(-1)}, point sees specialist ${result.atPoint.at(-1)})`,
      );
      await call(c.expert, 'request', 'session:end', { sessionId: c.sessionId });
      await call(c.expert, 'request', 'session:wrap-up', { sessionId: c.sessionId, outcome: 'resolved' });
      await call(c.point, 'leave');
      if (standbyPath) await call(c.expert, 'leave');
      await call(c.point, 'request', 'visit:close', { visitId: c.visitId });
      await c.point.context().close();
      await c.expert.context().close();
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
  return result;
}

// ── 2. capacity ─────────────────────────────────────────────────────────────────────────────

interface Load {
  worker: types.Worker;
  senders: SyntheticSender[];
  close(): Promise<void>;
}

/** Endpoints of one synthetic session on a router: returns the senders to start. */
async function wireSession(
  session: number,
  plain: (direction: 'send' | 'recv', who: number) => Promise<types.PlainTransport>,
  produce: (
    who: number,
    transport: types.PlainTransport,
    kind: 'audio' | 'video',
    params: types.RtpParameters,
  ) => Promise<string>,
  consume: (who: number, transport: types.PlainTransport, producerId: string) => Promise<void>,
  sinkPort: number,
): Promise<SyntheticSender[]> {
  const senders: SyntheticSender[] = [];
  const everyone = [...Array(PARTIES).keys()];
  const produced: string[][] = everyone.map(() => []);
  for (const who of everyone) {
    const transport = await plain('send', who);
    const base = 100_000 + session * 100 + who * 10;
    produced[who]?.push(await produce(who, transport, 'video', cameraParameters(base)));
    produced[who]?.push(await produce(who, transport, 'audio', microphoneParameters(base + 5)));
    senders.push(new SyntheticSender(transport.tuple.localPort, base, base + 5));
  }
  for (const who of everyone) {
    const transport = await plain('recv', who);
    await transport.connect({ ip: '127.0.0.1', port: sinkPort });
    for (const other of everyone) {
      if (other === who) continue;
      for (const producerId of produced[other] ?? []) await consume(who, transport, producerId);
    }
  }
  return senders;
}

const listenInfo = { protocol: 'udp' as const, ip: '127.0.0.1' };

/** One worker with its WebRtcServer on a random free port (another process may hold the first pick). */
async function startPool(log: pino.Logger): Promise<WorkerPool> {
  for (let attempt = 0; ; attempt++) {
    const pool = new WorkerPool({
      count: 1,
      listenIp: '127.0.0.1',
      announcedAddress: undefined,
      basePort: await freeMediaPort(),
      logLevel: 'error',
      log,
    });
    try {
      await pool.start();
      return pool;
    } catch (error) {
      pool.close();
      if (attempt >= 5) throw error;
    }
  }
}

async function oursLoad(sessions: number, sinkPort: number): Promise<Load> {
  const log = pino({ level: 'silent' });
  const pool = await startPool(log);
  // The node's defaults: quality sampled every 5 s, rooms with an active-speaker observer.
  const rooms = new RoomManager(pool, {
    nodeId: 'bench',
    room: { maxTransportsPerParticipant: 8, initialOutgoingBitrate: 1_000_000 },
    idleMs: 600_000,
    qualityIntervalMs: Number(process.env.BENCH_MEDIA_QUALITY_MS ?? 5000),
    log,
  });
  rooms.on('event', () => undefined);
  rooms.start();
  const senders: SyntheticSender[] = [];
  for (let s = 0; s < sessions; s++) {
    // As in a call now: the specialist (party 1) sends from and receives in their standby room,
    // linked to the visit's room where the others are (pipes between the two routers).
    const tag = `${s}-${randomUUID().slice(0, 6)}`;
    const { room: visit } = await rooms.open(`bench-room-${tag}`);
    const { room: standby } = await rooms.open(`standby-bench${tag}`);
    const ids = [`point:s${s}`, `expert:s${s}-a`, `interpreter:s${s}-b`, `supervisor:s${s}-c`] as const;
    const roomOf = (who: number) => (who === 1 ? standby : visit);
    for (const [who, id] of ids.entries()) {
      roomOf(who).join(id as ParticipantId, visit.router.rtpCapabilities, ['microphone', 'camera']);
    }
    const participant = (who: number) => {
      const found = roomOf(who).participants.get(ids[who] ?? ids[0]);
      if (!found) throw new Error('no participant');
      return found;
    };
    let linked = false;
    senders.push(
      ...(await wireSession(
        s,
        async (direction, who) =>
          roomOf(who).router.createPlainTransport({
            listenInfo,
            rtcpMux: true,
            comedia: direction === 'send',
            appData: { direction },
          }),
        async (who, transport, kind, rtpParameters) => {
          // PlainTransports stand in for the browsers' WebRtcTransports; the room treats them alike.
          if (!participant(who).transports.has(transport.id)) {
            participant(who).addTransport(transport as unknown as types.WebRtcTransport, 'send');
          }
          const info = await roomOf(who).produce(ids[who] ?? ids[0], {
            transportId: transport.id,
            kind,
            source: kind === 'audio' ? 'microphone' : 'camera',
            rtpParameters: rtpParameters as never,
            paused: false,
          });
          return info.producerId;
        },
        async (who, transport, producerId) => {
          // The accept: everyone has published; the link mirrors each side into the other.
          if (!linked) {
            linked = true;
            await rooms.links.link(standby, visit);
          }
          const own = roomOf(who);
          const id = ids[who] ?? ids[0];
          if (!participant(who).transports.has(transport.id)) {
            participant(who).addTransport(transport as unknown as types.WebRtcTransport, 'recv');
          }
          // A producer of the other room is consumed through its pipe here (its own id).
          const other = own === visit ? standby : visit;
          const here = rooms.links.mirrorsOf(other.id, producerId).find((m) => m.roomId === own.id)?.producerId;
          const consumer = await own.consume(id, here ?? producerId);
          await own.resumeConsumer(id, consumer.consumerId);
          // The same layer on both sides of the comparison (the one PlainTransports settle on).
          await own.setConsumerLayers(id, consumer.consumerId, 1, undefined);
        },
        sinkPort,
      )),
    );
  }
  const slot = pool.slots()[0];
  if (!slot) throw new Error('no worker');
  return {
    worker: slot.worker,
    senders,
    async close() {
      rooms.close();
      pool.close();
    },
  };
}

async function bareLoad(sessions: number, sinkPort: number): Promise<Load> {
  const worker = await mediasoup.createWorker({ logLevel: 'error' });
  const senders: SyntheticSender[] = [];
  for (let s = 0; s < sessions; s++) {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    senders.push(
      ...(await wireSession(
        s,
        (direction) => router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: direction === 'send' }),
        async (_who, transport, kind, rtpParameters) => (await transport.produce({ kind, rtpParameters })).id,
        async (_who, transport, producerId) => {
          const consumer = await transport.consume({ producerId, rtpCapabilities: router.rtpCapabilities });
          if (consumer.type === 'simulcast') await consumer.setPreferredLayers({ spatialLayer: 1 });
        },
        sinkPort,
      )),
    );
  }
  return { worker, senders, close: async () => worker.close() };
}

async function measure(kind: 'ours' | 'bare', sessions: number): Promise<{ cpu: number; forwardedPps: number }> {
  const sink = await startSink();
  const load = kind === 'ours' ? await oursLoad(sessions, sink.port) : await bareLoad(sessions, sink.port);
  for (const sender of load.senders) sender.start();
  // Until every consumer has had a keyframe and a Sender Report on its layer.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const forwardedBefore = sink.packets();
  const cpu = await workerCpu(load.worker, measureMs);
  const forwardedPps = Math.round(((sink.packets() - forwardedBefore) * 1000) / measureMs);
  for (const sender of load.senders) sender.stop();
  await load.close();
  sink.close();
  progress(
    `${kind}: ${sessions} sessions → ${(cpu * 100).toFixed(1)} % of a core, ${forwardedPps} packets/s forwarded`,
  );
  // 24 consumers per session (each party takes the three others' camera and microphone); cameras
  // are held on the 500 kbit/s layer on both sides, so both forward the same packets.
  if (forwardedPps < sessions * 100) throw new Error(`${kind}: the worker is not forwarding (${forwardedPps} pps)`);
  return { cpu, forwardedPps };
}

/** Least-squares line through (sessions, cpu); the session count where it reaches `limit`. */
function sessionsAt(points: [number, number][], limit: number): { sessions: number; perSession: number; idle: number } {
  const n = points.length;
  const sx = points.reduce((a, [x]) => a + x, 0);
  const sy = points.reduce((a, [, y]) => a + y, 0);
  const sxx = points.reduce((a, [x]) => a + x * x, 0);
  const sxy = points.reduce((a, [x, y]) => a + x * y, 0);
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const intercept = (sy - slope * sx) / n;
  return { sessions: Math.floor((limit - intercept) / slope), perSession: slope, idle: intercept };
}

progress(`accept → first frame, ${runs} runs`);
const latency = await acceptToFirstFrame();
let apps: Awaited<ReturnType<typeof appsAcceptToFirstFrame>> | undefined;
if (appRuns > 0) {
  progress(`accept → first frame in the apps, ${appRuns} runs`);
  const browser = await launchChromium();
  try {
    apps = await appsAcceptToFirstFrame(browser, appRuns, progress);
  } finally {
    await browser.close();
  }
}
progress(`capacity at ${levels.join(', ')} sessions`);
const ours: [number, number][] = [];
const bare: [number, number][] = [];
const samples: { kind: string; sessions: number; cpuPct: number; forwardedPps: number }[] = [];
for (const level of levels) {
  // Interleaved, so that a change in the machine's other load hits both alike.
  for (const [kind, list] of [
    ['ours', ours],
    ['bare', bare],
  ] as const) {
    const { cpu, forwardedPps } = await measure(kind, level);
    list.push([level, cpu]);
    samples.push({ kind, sessions: level, cpuPct: Math.round(cpu * 1000) / 10, forwardedPps });
  }
}
const oursFit = sessionsAt(ours, 0.8);
const bareFit = sessionsAt(bare, 0.8);
const result = {
  accept_to_first_frame_ms_median: median(latency.both),
  accept_to_first_frame_ms_target: 150,
  accept_to_first_frame_ms_runs: latency.both,
  specialist_sees_point_ms_median: median(latency.atExpert),
  point_sees_specialist_ms_median: median(latency.atPoint),
  ...(apps
    ? {
        apps_accept_to_first_frame_ms_median: median(apps.both),
        apps_accept_to_first_frame_ms_runs: apps.both,
        apps_specialist_sees_point_ms_median: median(apps.atExpert),
        apps_point_sees_specialist_ms_median: median(apps.atPoint),
      }
    : {}),
  four_party_sessions_per_core: oursFit.sessions,
  sessions_per_core: oursFit.sessions,
  bare_mediasoup_sessions_per_core: bareFit.sessions,
  ratio_to_bare_mediasoup: Math.round((oursFit.sessions / bareFit.sessions) * 100) / 100,
  ratio_target: 0.95,
  cpu_per_session_pct: Math.round(oursFit.perSession * 1000) / 10,
  bare_cpu_per_session_pct: Math.round(bareFit.perSession * 1000) / 10,
  cpu_samples: samples,
  capacity_method:
    'synthetic RTP senders (Node UDP → PlainTransport, VP8 simulcast 150/500/1500 kbit/s + Opus with Sender Reports), receivers on PlainTransports (cameras held on the 500 kbit/s layer), worker rusage, linear fit to 80 % of one core',
};
console.log(JSON.stringify(result));
process.exit(0);
