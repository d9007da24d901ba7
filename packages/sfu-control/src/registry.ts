/**
 * What SFU nodes publish about themselves in Redis, read by signaling to place new rooms on the
 * least-loaded node and worker, and the placement signaling records for each room.
 */
import { z } from 'zod';

export const SfuWorkerStatus = z.strictObject({
  index: z.number().int().nonnegative(),
  pid: z.number().int().positive(),
  rooms: z.number().int().nonnegative(),
  /** CPU time used by the worker since the previous heartbeat, as a share of one core (0..1). */
  cpu: z.number().nonnegative(),
});
export type SfuWorkerStatus = z.infer<typeof SfuWorkerStatus>;

export const SfuNodeStatus = z.strictObject({
  nodeId: z.string().min(1),
  version: z.string(),
  workers: z.array(SfuWorkerStatus),
  /** Where signaling reaches the node's control API (docs/media.md); absent on nodes without one. */
  controlUrl: z.string().url().optional(),
  updatedAt: z.iso.datetime(),
});
export type SfuNodeStatus = z.infer<typeof SfuNodeStatus>;

/** Which node and worker carry a room (`mediaKeys.room`), claimed with SET NX by signaling. */
export const RoomPlacement = z.strictObject({
  nodeId: z.string(),
  controlUrl: z.string(),
  workerIndex: z.number().int().nonnegative(),
});
export type RoomPlacement = z.infer<typeof RoomPlacement>;
