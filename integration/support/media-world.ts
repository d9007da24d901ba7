/**
 * Signaling and real SFU nodes (real mediasoup workers) on the test Redis under one key prefix,
 * sharing the control secret: the world of the server-to-server media tests. The sockets it
 * connects are closed with it, then the nodes, then signaling.
 */

import type { SfuNode } from '../../sfu-server/src/node.js';
import { CONTROL_SECRET, startTestNode } from '../../sfu-server/test/support/sfu-node.js';
import type { Harness, TestSocket } from '../../signaling/test/support/harness.js';
import { connect, startHarness } from '../../signaling/test/support/harness.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from '../../signaling/test/support/queue-seed.js';

export type TestNode = SfuNode & { prefix: string };

export interface MediaWorld {
  h: Harness;
  /** In the order of `nodeIds`. */
  nodes: TestNode[];
  /** A point's connection, closed with the world. */
  pointSocket(pointId: string): Promise<TestSocket>;
  /** A specialist's connection, closed with the world. */
  expertSocket(expertId: string): Promise<TestSocket>;
  close(): Promise<void>;
}

export interface MediaWorldOptions {
  /** The specialists of the queue seed (agencies tax, kela and closed; points p1–p4). */
  experts: TestExpert[];
  /** One SFU node (one worker each) per id. */
  nodeIds: string[];
  /** Extra signaling settings. */
  env?: Record<string, string>;
}

export async function startMediaWorld(options: MediaWorldOptions): Promise<MediaWorld> {
  const h = await startHarness({
    SEED_FILE: writeQueueSeed(options.experts, ['p1', 'p2', 'p3', 'p4']),
    SOCKET_COMMANDS_PER_SECOND: '1000',
    SFU_CONTROL_SECRET: CONTROL_SECRET,
    ...options.env,
  });
  const nodes: TestNode[] = [];
  const sockets: TestSocket[] = [];
  const close = async () => {
    for (const socket of sockets) socket.close();
    // A test may have closed a node already (a lost node).
    for (const node of nodes) await node.close().catch(() => undefined);
    await h.close();
  };
  try {
    for (const id of options.nodeIds) {
      nodes.push(await startTestNode({ REDIS_PREFIX: h.prefix, SFU_NODE_ID: id, SFU_WORKERS: '1' }));
    }
  } catch (error) {
    await close();
    throw error;
  }
  const tracked = async (token: Promise<string>) => {
    const socket = await connect(h.baseUrl, await token);
    sockets.push(socket);
    return socket;
  };
  return {
    h,
    nodes,
    pointSocket: (pointId) => tracked(pointToken(h.signaling, pointId)),
    expertSocket: (expertId) => tracked(tokenFor(h.signaling, expertId)),
    close,
  };
}
