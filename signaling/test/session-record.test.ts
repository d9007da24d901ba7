import { describe, expect, it } from '@jest/globals';
import { parseSessionRecord, sessionTransaction } from '../src/sessions/session-record.js';

/** A session's hash as the queue's scripts write it, with its times as given. */
function hash(times: { queuedAt: number; offeredAt: number; answeredAt: number; endedAt?: number }) {
  return {
    ticketId: 'ticket-0001',
    visitId: 'visit-00001',
    pointId: 'espoo-leppavaara',
    expertId: 'anna',
    agency: 'vero',
    language: 'fi',
    queuedAt: String(times.queuedAt),
    offeredAt: String(times.offeredAt),
    answeredAt: String(times.answeredAt),
    ...(times.endedAt !== undefined ? { endedAt: String(times.endedAt), completedAt: String(times.endedAt + 5) } : {}),
    outcome: 'resolved',
  };
}

describe('a session record', () => {
  it('keeps its times in order when the processes that wrote them read the clock a little apart', () => {
    // What the ledger's table checks (queued ≤ answered ≤ ended) holds of the transaction made from it.
    // Answered by a process whose clock offset reads 3 ms behind the one that queued it, ended by
    // one 2 ms behind the answer's.
    const record = parseSessionRecord(
      'sticket-0001',
      hash({ queuedAt: 1000, offeredAt: 998, answeredAt: 997, endedAt: 995 }),
    );
    expect(record).toMatchObject({ queuedAt: 1000, offeredAt: 1000, answeredAt: 1000, endedAt: 1000 });
    expect(record && sessionTransaction(record).error?.issues).toBeUndefined();
  });

  it('leaves times already in order as they are', () => {
    const record = parseSessionRecord(
      'sticket-0001',
      hash({ queuedAt: 1000, offeredAt: 4000, answeredAt: 6000, endedAt: 9000 }),
    );
    expect(record).toMatchObject({ queuedAt: 1000, offeredAt: 4000, answeredAt: 6000, endedAt: 9000 });
    expect(
      parseSessionRecord('sticket-0001', hash({ queuedAt: 1000, offeredAt: 4000, answeredAt: 6000 }))?.endedAt,
    ).toBeUndefined();
  });
});
