/**
 * Socket command round trip through the whole edge (rate limit, token, capability, schema, Redis):
 * N specialists connected to one signaling process, each sending presence:get in a loop.
 * Figures: round-trip p50/p99 in ms and commands per second.
 * Options: BENCH_CLIENTS (default 200), BENCH_SECONDS (default 10).
 */
import { PROTOCOL_VERSION } from '@etapiste/protocol';
import { io, type Socket } from 'socket.io-client';
import { startRedis } from '../scripts/redis-server.mjs';
import { createSignaling } from '../signaling/src/app.js';
import { loadConfig } from '../signaling/src/config.js';

const clients = Number(process.env.BENCH_CLIENTS ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const progress = (message: string) => process.stderr.write(`[commands] ${message}\n`);

const redis = (await startRedis()) as { url: string; stop(): Promise<void> };
const signaling = await createSignaling(
  loadConfig({
    REDIS_URL: redis.url,
    LOG_LEVEL: 'silent',
    SOCKET_COMMANDS_PER_SECOND: '100000',
    TOKEN_SECRET: 'bench-secret-that-is-long-enough-0123456789',
  }),
);
await signaling.app.listen({ host: '127.0.0.1', port: 0 });
const address = signaling.app.server.address();
if (!address || typeof address === 'string') throw new Error('no address');
const url = `http://127.0.0.1:${address.port}`;

const user = signaling.directory.userByUsername('aino');
if (!user) throw new Error('demo seed has no aino');
const { token } = await signaling.tokens.issueAccess({
  id: user.id,
  role: 'expert',
  displayName: user.displayName,
  capabilities: ['serve'],
  skills: user.skills,
});

progress(`connecting ${clients} clients`);
const sockets: Socket[] = await Promise.all(
  Array.from(
    { length: clients },
    () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = io(url, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      }),
  ),
);
for (const socket of sockets) {
  await socket.emitWithAck('hello', { protocolVersion: PROTOCOL_VERSION, app: 'test', appVersion: 'bench' });
}

progress(`running for ${seconds} s`);
const latencies: number[] = [];
const deadline = performance.now() + seconds * 1000;
await Promise.all(
  sockets.map(async (socket) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = (await socket.emitWithAck('presence:get', {})) as { ok: boolean };
      if (!response.ok) throw new Error('command refused during the benchmark');
      latencies.push(performance.now() - started);
    }
  }),
);

latencies.sort((a, b) => a - b);
const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
for (const socket of sockets) socket.close();
await signaling.close();
await redis.stop();

const figures = {
  benchmark: 'commands',
  clients,
  seconds,
  commands: latencies.length,
  commands_per_s: Math.round(latencies.length / seconds),
  rtt_ms_p50: Number(pick(0.5).toFixed(2)),
  rtt_ms_p99: Number(pick(0.99).toFixed(2)),
};
progress(`done: ${figures.commands_per_s} commands/s, p50 ${figures.rtt_ms_p50} ms, p99 ${figures.rtt_ms_p99} ms`);
console.log(JSON.stringify(figures));
