/**
 * A transaction as the wrap-up script leaves it in `tx:outbox` (src/queue/lua.ts,
 * record_transaction): the session's record as JSON, every value a string. Its session answered
 * 880 s and was wrapped up 300 s before `now`; `fields` replace or add to that.
 */
export function transactionMark(now: number, fields: Record<string, string> = {}): string {
  return JSON.stringify({
    ticketId: 'tkt-000000001',
    visitId: 'visit-000000001',
    pointId: 'p1',
    expertId: 'e1',
    agency: 'kela',
    language: 'fi',
    queuedAt: String(now - 900_000),
    offeredAt: String(now - 890_000),
    answeredAt: String(now - 880_000),
    endedAt: String(now - 400_000),
    outcome: 'resolved',
    completedAt: String(now - 300_000),
    ...fields,
  });
}
