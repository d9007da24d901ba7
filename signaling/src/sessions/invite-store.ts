/** Reads invites from Redis as records (invite-record.ts); the one place that does. */
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { type InviteRecord, parseInviteRecord } from './invite-record.js';

export class InviteStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** The invite while it rings; undefined once it is answered, rang out or was cancelled. */
  async get(inviteId: string): Promise<InviteRecord | undefined> {
    return parseInviteRecord(inviteId, await this.redis.hgetall(this.keys.invite(inviteId)));
  }

  /** The invite ringing at a supervisor now (`guest:supervisor:<id>:invite`), if any. */
  async ringingAtSupervisor(userId: string): Promise<InviteRecord | undefined> {
    const inviteId = await this.redis.get(this.keys.guestInvite(`supervisor:${userId}`));
    const record = inviteId ? await this.get(inviteId) : undefined;
    return record?.inviteeId === userId ? record : undefined;
  }
}
