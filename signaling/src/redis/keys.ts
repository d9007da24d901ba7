/**
 * Every Redis key the signaling service writes, in one place, so the layout is documented by code
 * (see docs/architecture.md "Where state lives").
 */
export class Keys {
  constructor(readonly prefix: string) {}

  tokenSecret(): string {
    return `${this.prefix}config:token-secret`;
  }
  /** A refresh token id that has been exchanged; a second use is refused (rotation). */
  refreshUsed(jti: string): string {
    return `${this.prefix}auth:refresh-used:${jti}`;
  }
  visit(visitId: string): string {
    return `${this.prefix}visit:${visitId}`;
  }
  /** The visit a point device has open now (a device serves one customer at a time). */
  pointOpenVisit(pointId: string): string {
    return `${this.prefix}point:${pointId}:open-visit`;
  }
  expertPresence(expertId: string): string {
    return `${this.prefix}expert:${expertId}:presence`;
  }
}
