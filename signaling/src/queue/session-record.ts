/**
 * A session's Redis hash (written by the accept, end and wrap-up scripts) as wire fields: ids as
 * they are, epoch-millisecond times as ISO strings, empty optional fields left out. The session
 * view and the transaction record both start from this, so they cannot disagree.
 */
export function sessionWireFields(sessionId: string, f: Record<string, string>): Record<string, string | undefined> {
  const iso = (ms: string | undefined) => (ms ? new Date(Number(ms)).toISOString() : undefined);
  return {
    sessionId,
    ticketId: f.ticketId,
    visitId: f.visitId,
    pointId: f.pointId,
    expertId: f.expertId,
    agency: f.agency,
    language: f.language,
    queuedAt: iso(f.queuedAt),
    offeredAt: iso(f.offeredAt),
    answeredAt: iso(f.answeredAt),
    ...(f.endedAt ? { endedAt: iso(f.endedAt) } : {}),
    ...(f.transferredFrom ? { transferredFrom: f.transferredFrom } : {}),
  };
}
