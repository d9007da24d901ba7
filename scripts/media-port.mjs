/**
 * A port for a mediasoup WebRtcServer in tests and benchmarks (the test stack, SFU nodes, the
 * media bench). It is free for both TCP and UDP, for it and the next `count - 1` ports (one per
 * worker), and lies below the kernel's ephemeral range (32768–60999 on Linux): a busy machine's
 * outgoing connections take ports from that range and could take a randomly chosen one between
 * the check and the worker's bind.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

function canBindTcp(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function canBindUdp(port) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

export async function freeMediaPort({ count = 2, from = 20000, to = 32000 } = {}) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = from + Math.floor(Math.random() * ((to - from) / count)) * count;
    let free = true;
    for (let port = base; free && port < base + count; port++) {
      free = (await canBindTcp(port)) && (await canBindUdp(port));
    }
    if (free) return base;
  }
  throw new Error(`no ${count} free media ports between ${from} and ${to}`);
}
