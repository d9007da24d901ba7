/** A small directory and queue records for the component tests. */
import type { Directory, Offer, QueueMetrics, Session } from '@etapiste/protocol';

const L = (fi: string, sv: string, en: string) => ({ fi, sv, en });

export const directory: Directory = {
  languages: ['fi', 'sv', 'en'],
  agencies: [
    {
      id: 'tax',
      name: L('Verohallinto', 'Skatteförvaltningen', 'Tax Administration'),
      languages: ['fi', 'sv', 'en'],
      topics: [{ id: 'tax-card', name: L('Verokortti', 'Skattekort', 'Tax card') }],
      outcomes: [
        { id: 'resolved', name: L('Asia hoidettu', 'Ärendet klart', 'Resolved') },
        { id: 'follow-up', name: L('Jatkokäsittely', 'Fortsatt handläggning', 'Follow-up at the agency') },
      ],
      serviceLevelTargetSeconds: 120,
      openingHours: {},
    },
    {
      id: 'kela',
      name: L('Kela', 'FPA', 'Kela'),
      languages: ['fi', 'sv'],
      topics: [],
      outcomes: [{ id: 'resolved', name: L('Asia hoidettu', 'Ärendet klart', 'Resolved') }],
      serviceLevelTargetSeconds: 120,
      openingHours: {},
    },
  ],
  points: [
    {
      id: 'mikkeli',
      name: L('Asiointipiste Mikkeli', 'Servicepunkt S:t Michel', 'Service point Mikkeli'),
      municipality: L('Mikkeli', 'S:t Michel', 'Mikkeli'),
    },
  ],
};

export const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

export const offer: Offer = {
  offerId: 'ticket00001-o1',
  ticketId: 'ticket00001',
  visitId: 'visit000001',
  pointId: 'mikkeli',
  agency: 'tax',
  language: 'fi',
  topic: 'tax-card',
  note: 'Brings last year’s decision',
  enqueuedAt: iso(T0 - 95_000),
  expiresAt: iso(T0 + 20_000),
};

export const session: Session = {
  sessionId: 'sticket00001',
  ticketId: 'ticket00001',
  visitId: 'visit000001',
  pointId: 'mikkeli',
  expertId: 'aino',
  agency: 'tax',
  language: 'fi',
  queuedAt: iso(T0 - 95_000),
  offeredAt: iso(T0),
  answeredAt: iso(T0 + 3_000),
};

export function queue(overrides: Partial<QueueMetrics> = {}): QueueMetrics {
  return {
    agency: 'tax',
    language: 'fi',
    waiting: 0,
    longestWaitSeconds: 0,
    waitingSince: [],
    answered: 0,
    inTarget: 0,
    abandoned: 0,
    cancelled: 0,
    denied: 0,
    declinedByAll: 0,
    serviceLevelTargetSeconds: 120,
    experts: { offline: 0, available: 1, offered: 0, 'in-session': 0, 'wrap-up': 0, away: 0 },
    ...overrides,
  };
}
