/**
 * SFU_ICE_TCP=false: transports offer UDP only, and a transport asked for TCP only gets UDP
 * candidates all the same (the node has no TCP path to give), rather than none.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SfuNode } from '../src/node.js';
import { ok, startTestNode } from './support/sfu-node.js';

let node: SfuNode & { prefix: string };

beforeAll(async () => {
  node = await startTestNode({ SFU_ICE_TCP: 'false', SFU_WORKERS: '1' });
});

afterAll(async () => {
  await node.close();
});

describe('ICE over TCP turned off', () => {
  it('gives UDP candidates only, also to a transport asked for TCP only', async () => {
    const roomId = 'visit-room-udp-only';
    const caps = (await ok(node, 'capabilities', {})).routerRtpCapabilities;
    await ok(node, 'room.open', { roomId });
    await ok(node, 'participant.join', {
      roomId,
      participantId: 'point:mikkeli',
      rtpCapabilities: caps,
      sources: ['microphone', 'camera'],
    });
    for (const tcpOnly of [false, true]) {
      const transport = await ok(node, 'transport.create', {
        roomId,
        participantId: 'point:mikkeli',
        direction: tcpOnly ? 'recv' : 'send',
        tcpOnly,
      });
      expect(transport.iceCandidates.map((c) => c.protocol)).toEqual(['udp']);
    }
  });
});
