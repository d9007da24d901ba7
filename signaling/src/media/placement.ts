/**
 * Where rooms live. The SFU nodes publish themselves in Redis (sfu-server/src/registry); a new
 * room goes to the least-loaded worker of all live nodes, scored by its CPU share plus a weight
 * per room it already carries (CPU figures lag a heartbeat behind, room counts do not lag as much).
 * A node whose entry has expired is not live, so it is never chosen. The room → node mapping is
 * one Redis key, claimed with SET NX so that two processes placing one room agree.
 */
import { mediaKeys, RoomPlacement, SfuNodeStatus } from '@etapiste/sfu-control';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

/** A room counts as this share of a core until its real CPU shows in the heartbeat. */
const ROOM_WEIGHT = 0.02;
/** Placements outlive any visit; they are dropped when the room closes. */
const PLACEMENT_TTL_SECONDS = 24 * 60 * 60;

const REPLACE_IF_SAME = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0`;

export class RoomPlacer {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async liveNodes(): Promise<SfuNodeStatus[]> {
    const ids = await this.redis.smembers(this.keys.sfuNodes());
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(ids.map((id) => this.keys.sfuNode(id)));
    const nodes: SfuNodeStatus[] = [];
    for (const entry of raw) {
      if (!entry) continue;
      const parsed = SfuNodeStatus.safeParse(JSON.parse(entry));
      if (parsed.success && parsed.data.controlUrl && parsed.data.workers.length > 0) nodes.push(parsed.data);
    }
    return nodes;
  }

  async isLive(nodeId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.sfuNode(nodeId))) === 1;
  }

  /** The least-loaded worker of the live nodes, optionally leaving one node out. */
  choose(nodes: SfuNodeStatus[], excludeNodeId?: string): RoomPlacement | undefined {
    let best: { placement: RoomPlacement; score: number } | undefined;
    for (const node of nodes) {
      if (node.nodeId === excludeNodeId || !node.controlUrl) continue;
      for (const worker of node.workers) {
        const score = worker.cpu + worker.rooms * ROOM_WEIGHT;
        if (!best || score < best.score) {
          best = { placement: { nodeId: node.nodeId, controlUrl: node.controlUrl, workerIndex: worker.index }, score };
        }
      }
    }
    return best?.placement;
  }

  async locate(roomId: string): Promise<RoomPlacement | undefined> {
    return parsePlacement(await this.redis.get(this.keys.mediaRoom(roomId)));
  }

  /** Several rooms' placements in one command. */
  async locateAll(roomIds: readonly string[]): Promise<(RoomPlacement | undefined)[]> {
    const raw = await this.redis.mget(roomIds.map((id) => this.keys.mediaRoom(id)));
    return raw.map(parsePlacement);
  }

  /** Claims a placement for a room that has none; returns whichever placement won. */
  async claim(roomId: string, placement: RoomPlacement): Promise<RoomPlacement> {
    const key = this.keys.mediaRoom(roomId);
    const set = await this.redis.set(key, JSON.stringify(placement), 'EX', PLACEMENT_TTL_SECONDS, 'NX');
    if (set === 'OK') return placement;
    return (await this.locate(roomId)) ?? placement;
  }

  /** Moves a room off a node that is gone, unless another process already moved it. */
  async replace(roomId: string, previous: RoomPlacement, next: RoomPlacement): Promise<RoomPlacement> {
    const key = this.keys.mediaRoom(roomId);
    const current = await this.redis.get(key);
    const moved = current
      ? await this.redis.eval(REPLACE_IF_SAME, 1, key, current, JSON.stringify(next), PLACEMENT_TTL_SECONDS)
      : await this.redis.set(key, JSON.stringify(next), 'EX', PLACEMENT_TTL_SECONDS, 'NX');
    const now = await this.locate(roomId);
    if (moved && now) return now;
    if (now && now.nodeId !== previous.nodeId) return now;
    return next;
  }

  /** Remembers that a standby room and a visit's room are linked (both ways), for the session's length. */
  async link(standbyRoomId: string, visitRoomId: string): Promise<void> {
    // Two idempotent writes in one round trip; no transaction needed (a half-written link is
    // completed by the next session's, and its readers take either side as the link).
    await this.redis
      .pipeline()
      .set(mediaKeys.link(this.keys.prefix, standbyRoomId), visitRoomId, 'EX', PLACEMENT_TTL_SECONDS)
      .set(mediaKeys.link(this.keys.prefix, visitRoomId), standbyRoomId, 'EX', PLACEMENT_TTL_SECONDS)
      .exec();
  }

  /**
   * A standby room and a visit's room as an offer finds them, in one command: where each is
   * placed and what each is linked to.
   */
  async pair(
    standbyRoomId: string,
    visitRoomId: string,
  ): Promise<{ standby?: RoomPlacement; visit?: RoomPlacement; standbyLink?: string; visitLink?: string }> {
    const [standby, visit, standbyLink, visitLink] = await this.redis.mget(
      this.keys.mediaRoom(standbyRoomId),
      this.keys.mediaRoom(visitRoomId),
      mediaKeys.link(this.keys.prefix, standbyRoomId),
      mediaKeys.link(this.keys.prefix, visitRoomId),
    );
    const [ps, pv] = [parsePlacement(standby), parsePlacement(visit)];
    return {
      ...(ps ? { standby: ps } : {}),
      ...(pv ? { visit: pv } : {}),
      ...(standbyLink ? { standbyLink } : {}),
      ...(visitLink ? { visitLink } : {}),
    };
  }

  async linkOf(roomId: string): Promise<string | undefined> {
    return (await this.redis.get(mediaKeys.link(this.keys.prefix, roomId))) ?? undefined;
  }

  /**
   * Forgets a link, only as it was (a newer link of either room stays); answers where the visit's
   * room is, read with the link (one command).
   */
  async unlink(standbyRoomId: string, visitRoomId: string): Promise<RoomPlacement | undefined> {
    const [a, b] = [mediaKeys.link(this.keys.prefix, standbyRoomId), mediaKeys.link(this.keys.prefix, visitRoomId)];
    const [toVisit, toStandby, visit] = await this.redis.mget(a, b, this.keys.mediaRoom(visitRoomId));
    const gone: string[] = [];
    if (toVisit === visitRoomId) gone.push(a);
    if (toStandby === standbyRoomId) gone.push(b);
    if (gone.length > 0) await this.redis.del(...gone);
    return parsePlacement(visit);
  }

  /** Forgets a closed room, if it is still mapped to the node that closed it. */
  async forget(roomId: string, nodeId: string): Promise<void> {
    const current = await this.locate(roomId);
    if (current?.nodeId === nodeId) await this.redis.del(this.keys.mediaRoom(roomId));
  }
}

function parsePlacement(raw: string | null | undefined): RoomPlacement | undefined {
  if (!raw) return undefined;
  const parsed = RoomPlacement.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : undefined;
}
