/** The queue's Redis keys as the TypeScript side reads them; the Lua scripts (lua.ts) build the same. */
export class QueueKeys {
  constructor(readonly prefix: string) {}

  ticket(ticketId: string): string {
    return `${this.prefix}ticket:${ticketId}`;
  }
  /** Waiting requests of one queue, in serving order (priority band, then arrival). */
  queue(agency: string, language: string): string {
    return `${this.prefix}queue:${agency}:${language}`;
  }
  /** The same requests scored by arrival time, for the longest current wait. */
  since(agency: string, language: string): string {
    return `${this.prefix}since:${agency}:${language}`;
  }
  /** Available specialists of one queue, scored by the time they became available (idle longest first). */
  available(agency: string, language: string): string {
    return `${this.prefix}avail:${agency}:${language}`;
  }
  /** Specialists of one queue who are online (any state but offline). */
  staffed(agency: string, language: string): string {
    return `${this.prefix}staffed:${agency}:${language}`;
  }
  presence(expertId: string): string {
    return `${this.prefix}expert:${expertId}:presence`;
  }
  offer(offerId: string): string {
    return `${this.prefix}offer:${offerId}`;
  }
  session(sessionId: string): string {
    return `${this.prefix}session:${sessionId}`;
  }
  pointTickets(pointId: string): string {
    return `${this.prefix}point:${pointId}:tickets`;
  }
  stats(day: string, agency: string, language: string): string {
    return `${this.prefix}stats:${day}:${agency}:${language}`;
  }
  /** Recent handle time of one queue (ms, exponentially weighted). */
  aht(agency: string, language: string): string {
    return `${this.prefix}aht:${agency}:${language}`;
  }
  /** Sessions whose transaction is recorded but not yet handed to the transactions queue. */
  pendingTransactions(): string {
    return `${this.prefix}tx:pending`;
  }
  /**
   * Demand events (cancelled, abandoned, denied) not yet handed to the demand queue: event id →
   * JSON, written in the same atomic step as the change they record.
   */
  pendingDemand(): string {
    return `${this.prefix}demand:pending`;
  }
  /** BullMQ's prefix for the timers and transactions queues. */
  bullPrefix(): string {
    return `${this.prefix}bull`;
  }
}
