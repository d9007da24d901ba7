/**
 * The Redis keys and channel of the control plane, shared by their writers and readers (the SFU
 * nodes and signaling). Every key takes the deployment's prefix (`REDIS_PREFIX`).
 */

/** The SFU registry: written by each node's heartbeat, read by signaling to place rooms. */
export const sfuRegistryKeys = {
  /** A node's `SfuNodeStatus` (JSON), living three heartbeats. */
  node: (prefix: string, nodeId: string) => `${prefix}sfu:node:${nodeId}`,
  /** The ids of the nodes that have published (entries whose key expired are skipped). */
  nodes: (prefix: string) => `${prefix}sfu:nodes`,
};

export const mediaKeys = {
  /** Pub/sub channel of SfuEvent messages. */
  events: (prefix: string) => `${prefix}media:events`,
  /** Which node carries a room: JSON `RoomPlacement`. */
  room: (prefix: string, roomId: string) => `${prefix}media:room:${roomId}`,
  /**
   * The room linked to this one while a session lasts (a visit's room → its specialist's standby
   * room, and back): a room joined again, or placed again, is linked again (docs/media.md "Standby").
   */
  link: (prefix: string, roomId: string) => `${prefix}media:link:${roomId}`,
  /** The shared control secret when none is configured (development only, created with SET NX). */
  controlSecret: (prefix: string) => `${prefix}config:sfu-control-secret`,
  /** A control request's nonce, remembered while its signature is valid so it is accepted once. */
  controlNonce: (prefix: string, nonce: string) => `${prefix}sfu:control-nonce:${nonce}`,
};
