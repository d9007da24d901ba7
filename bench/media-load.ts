/**
 * Synthetic media load for the capacity figure: 3-party sessions (two senders with a VP8
 * simulcast camera of three layers plus Opus, one receiver-only participant) fed with RTP from
 * Node UDP sockets into PlainTransports, the same on our SFU's rooms and on a bare mediasoup
 * router, and the mediasoup worker's CPU share measured from its resource usage.
 *
 * The packets are shaped like Chromium's: VP8 payload descriptors with picture id, TL0PICIDX and
 * temporal id (mediasoup's simulcast rewriting needs them), a keyframe every second per layer, 30
 * frames per second at 150/500/1500 kbit/s per layer; Opus at 50 packets per second with the
 * audio-level header extension (for the active-speaker observer).
 */
import { createSocket, type Socket } from 'node:dgram';
import type { types } from 'mediasoup';

export const LAYER_BITRATES = [150_000, 500_000, 1_500_000] as const;
const FPS = 30;
const MTU_PAYLOAD = 1100;
export const VP8_PT = 101;
export const OPUS_PT = 100;
const AUDIO_LEVEL_ID = 10;

export function cameraParameters(ssrcBase: number): types.RtpParameters {
  return {
    mid: '1',
    codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000, parameters: {}, rtcpFeedback: [] }],
    headerExtensions: [],
    encodings: LAYER_BITRATES.map((_bitrate, layer) => ({ ssrc: ssrcBase + layer })),
    rtcp: { cname: `bench-${ssrcBase}`, reducedSize: true },
  };
}

export function microphoneParameters(ssrc: number): types.RtpParameters {
  return {
    mid: '0',
    codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2, parameters: {} }],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: AUDIO_LEVEL_ID }],
    encodings: [{ ssrc }],
    rtcp: { cname: `bench-${ssrc}`, reducedSize: true },
  };
}

interface Stream {
  ssrc: number;
  seq: number;
  timestamp: number;
  picture: number;
  tl0: number;
  clockRate: number;
  /** Wall time (ms) when `timestamp` was sampled, for the Sender Reports. */
  sampledAt: number;
  packets: number;
  octets: number;
}

/** One sender: a camera (three layers) and a microphone, into one PlainTransport (comedia). */
export class SyntheticSender {
  readonly #socket: Socket;
  readonly #layers: Stream[];
  readonly #audio: Stream;
  #frame = 0;
  #timers: ReturnType<typeof setInterval>[] = [];

  constructor(
    private readonly port: number,
    cameraSsrcBase: number,
    audioSsrc: number,
  ) {
    this.#socket = createSocket('udp4');
    this.#layers = LAYER_BITRATES.map((_b, layer) => newStream(cameraSsrcBase + layer, 90000));
    this.#audio = newStream(audioSsrc, 48000);
  }

  start(): void {
    this.#timers.push(setInterval(() => this.#videoFrame(), 1000 / FPS));
    this.#timers.push(setInterval(() => this.#audioPacket(), 20));
    // Chromium sends Sender Reports; mediasoup 3.27 maps simulcast capture times from them and
    // switches layers only with that mapping (see Room's abs-capture-time note).
    this.#timers.push(setInterval(() => this.#senderReports(), 500));
  }

  #senderReports(): void {
    for (const stream of [...this.#layers, this.#audio]) {
      const now = Date.now();
      const report = Buffer.alloc(28);
      report[0] = 0x80;
      report[1] = 200;
      report.writeUInt16BE(6, 2);
      report.writeUInt32BE(stream.ssrc, 4);
      const seconds = Math.floor(now / 1000) + 2_208_988_800;
      report.writeUInt32BE(seconds >>> 0, 8);
      report.writeUInt32BE(Math.floor(((now % 1000) / 1000) * 2 ** 32) >>> 0, 12);
      const rtpNow = stream.timestamp + Math.round(((now - stream.sampledAt) * stream.clockRate) / 1000);
      report.writeUInt32BE(rtpNow >>> 0, 16);
      report.writeUInt32BE(stream.packets >>> 0, 20);
      report.writeUInt32BE(stream.octets >>> 0, 24);
      this.#send(report);
    }
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#socket.close();
  }

  #send(packet: Buffer): void {
    this.#socket.send(packet, this.port, '127.0.0.1');
  }

  #videoFrame(): void {
    const key = this.#frame % FPS === 0;
    this.#frame++;
    for (const [layer, stream] of this.#layers.entries()) {
      const bytes = Math.round((LAYER_BITRATES[layer] ?? 0) / 8 / FPS);
      const count = Math.max(1, Math.ceil(bytes / MTU_PAYLOAD));
      const size = Math.round(bytes / count);
      stream.picture = (stream.picture + 1) & 0x7fff;
      stream.tl0 = (stream.tl0 + 1) & 0xff;
      stream.timestamp = (stream.timestamp + 90000 / FPS) >>> 0;
      stream.sampledAt = Date.now();
      for (let i = 0; i < count; i++) {
        const first = i === 0;
        // VP8 payload descriptor: X=1, S on the first packet, PID 0; I (15-bit picture id), L, T.
        const descriptor = Buffer.from([
          0x80 | (first ? 0x10 : 0),
          0xe0,
          0x80 | ((stream.picture >> 8) & 0x7f),
          stream.picture & 0xff,
          stream.tl0,
          0x20, // TID 0, Y=1
        ]);
        const header = first ? vp8PayloadHeader(key, 320 * 2 ** layer, 180 * 2 ** layer) : Buffer.alloc(0);
        const body = Buffer.alloc(Math.max(0, size - descriptor.length - header.length), 0x55);
        this.#send(rtp(VP8_PT, stream, i === count - 1, Buffer.concat([descriptor, header, body])));
      }
    }
  }

  #audioPacket(): void {
    const stream = this.#audio;
    stream.timestamp = (stream.timestamp + 960) >>> 0;
    stream.sampledAt = Date.now();
    // One-byte header extension: ssrc-audio-level, voice activity set, level -30 dBov.
    const extension = Buffer.from([0xbe, 0xde, 0x00, 0x01, (AUDIO_LEVEL_ID << 4) | 0, 0x80 | 30, 0, 0]);
    this.#send(rtp(OPUS_PT, stream, false, Buffer.alloc(100, 0xfc), extension));
  }
}

function newStream(ssrc: number, clockRate: number): Stream {
  return {
    ssrc,
    seq: Math.floor(Math.random() * 60000),
    timestamp: Math.floor(Math.random() * 2 ** 31),
    picture: 0,
    tl0: 0,
    clockRate,
    sampledAt: Date.now(),
    packets: 0,
    octets: 0,
  };
}

/** The first bytes of a VP8 frame: keyframe flag, and on keyframes the start code and size. */
function vp8PayloadHeader(key: boolean, width: number, height: number): Buffer {
  if (!key) return Buffer.from([0x01, 0x00, 0x00]);
  const header = Buffer.alloc(10);
  header[0] = 0x00; // P=0: keyframe, version 0, show_frame bit below
  header[0] |= 0x10;
  header[3] = 0x9d;
  header[4] = 0x01;
  header[5] = 0x2a;
  header.writeUInt16LE(width & 0x3fff, 6);
  header.writeUInt16LE(height & 0x3fff, 8);
  return header;
}

function rtp(payloadType: number, stream: Stream, marker: boolean, payload: Buffer, extension?: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80 | (extension ? 0x10 : 0);
  header[1] = (marker ? 0x80 : 0) | payloadType;
  stream.seq = (stream.seq + 1) & 0xffff;
  stream.packets++;
  stream.octets += payload.length;
  header.writeUInt16BE(stream.seq, 2);
  header.writeUInt32BE(stream.timestamp, 4);
  header.writeUInt32BE(stream.ssrc, 8);
  return Buffer.concat(extension ? [header, extension, payload] : [header, payload]);
}

/** A UDP socket that takes what consumers forward and drops it. */
export async function startSink(): Promise<{ port: number; packets(): number; close(): void }> {
  const socket = createSocket('udp4');
  let packets = 0;
  socket.on('message', () => {
    packets++;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, packets: () => packets, close: () => socket.close() };
}

/** CPU share of one core used by a worker over `ms`, from its rusage. */
export async function workerCpu(worker: types.Worker, ms: number): Promise<number> {
  const before = await worker.getResourceUsage();
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await worker.getResourceUsage();
  const used = after.ru_utime + after.ru_stime - (before.ru_utime + before.ru_stime);
  return used / (performance.now() - start);
}
