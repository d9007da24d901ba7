/** A real SFU node (workers, control API, registry) in the test process, and a signed control client. */
import { randomUUID } from 'node:crypto';
import type { Ack, RtpParameters } from '@etapiste/protocol';
import {
  CONTROL_SIGNATURE_HEADER,
  type SfuCommand,
  type SfuRequest,
  type SfuResponse,
  signControl,
} from '@etapiste/sfu-control';
import { freeMediaPort } from '../../../scripts/media-port.mjs';
import { loadSfuConfig } from '../../src/config.js';
import { type SfuNode, startSfuNode } from '../../src/node.js';

export const CONTROL_SECRET = 'test-control-secret-that-is-long-enough-0123';

export function testRedisUrl(): string {
  const url = process.env.ETAPISTE_TEST_REDIS_URL;
  if (!url) throw new Error('run through jest (test-support/global-setup.mjs)');
  return url;
}

export async function startTestNode(env: Record<string, string> = {}): Promise<SfuNode & { prefix: string }> {
  const prefix = env.REDIS_PREFIX ?? `test:${randomUUID().slice(0, 8)}:`;
  const config = loadSfuConfig({
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    SFU_NODE_ID: `node-${randomUUID().slice(0, 6)}`,
    SFU_WORKERS: '2',
    SFU_HTTP_PORT: '0',
    SFU_RTC_PORT: String(await freeMediaPort()),
    SFU_CONTROL_SECRET: CONTROL_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
  // Media ports are picked at random; another process may hold them, so try a few.
  for (let attempt = 0; ; attempt++) {
    try {
      const node = await startSfuNode(
        env.SFU_RTC_PORT ? config : { ...config, SFU_RTC_PORT: await freeMediaPort() },
        'test',
      );
      return Object.assign(node, { prefix });
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}

export async function control<C extends SfuCommand>(
  node: { controlUrl: string },
  command: C,
  request: SfuRequest<C>,
  secret = CONTROL_SECRET,
): Promise<Ack<SfuResponse<C>>> {
  const body = JSON.stringify(request);
  const response = await fetch(`${node.controlUrl}/control/v1/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_SIGNATURE_HEADER]: signControl(secret, command, body) },
    body,
  });
  return (await response.json()) as Ack<SfuResponse<C>>;
}

export async function ok<C extends SfuCommand>(
  node: { controlUrl: string },
  command: C,
  request: SfuRequest<C>,
): Promise<SfuResponse<C>> {
  const answer = await control(node, command, request);
  if (!answer.ok) throw new Error(`${command}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

export const ABS_CAPTURE_TIME = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';

const videoFeedback = [
  { type: 'nack' },
  { type: 'nack', parameter: 'pli' },
  { type: 'ccm', parameter: 'fir' },
  { type: 'goog-remb' },
  { type: 'transport-cc' },
];

/** What Chromium + mediasoup-client send for a VP8 camera with three simulcast layers. */
export function vp8Simulcast(ssrcBase: number): RtpParameters {
  return {
    mid: '1',
    codecs: [
      { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: videoFeedback },
      { mimeType: 'video/rtx', payloadType: 102, clockRate: 90000, parameters: { apt: 101 } },
    ],
    headerExtensions: [
      { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 },
      { uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', id: 3 },
      { uri: ABS_CAPTURE_TIME, id: 12 },
    ],
    encodings: [0, 1, 2].map((layer) => ({
      ssrc: ssrcBase + layer * 2,
      rtx: { ssrc: ssrcBase + layer * 2 + 1 },
      scaleResolutionDownBy: 4 / 2 ** layer,
      maxBitrate: [150_000, 500_000, 1_500_000][layer],
    })),
    rtcp: { cname: `cname-${ssrcBase}`, reducedSize: true },
  };
}

export function opus(ssrc: number): RtpParameters {
  return {
    mid: '0',
    codecs: [
      { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] },
    ],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
    encodings: [{ ssrc }],
    rtcp: { cname: `cname-${ssrc}`, reducedSize: true },
  };
}
