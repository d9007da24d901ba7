import type { Directory, Session, TicketView } from '@etapiste/protocol';

const always = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { opens: '08:00', closes: '16:15' }]));

export const directory: Directory = {
  languages: ['fi', 'sv', 'en'],
  points: [
    {
      id: 'mikkeli',
      name: { fi: 'Asiointipiste Mikkeli', sv: 'Servicepunkt S:t Michel', en: 'Service point Mikkeli' },
      municipality: { fi: 'Mikkeli', sv: 'S:t Michel', en: 'Mikkeli' },
    },
  ],
  agencies: [
    {
      id: 'tax',
      name: { fi: 'Verohallinto', sv: 'Skatteförvaltningen', en: 'Tax Administration' },
      languages: ['fi', 'sv', 'en'],
      topics: [{ id: 'tax-card', name: { fi: 'Verokortti', sv: 'Skattekort', en: 'Tax card' } }],
      outcomes: [{ id: 'resolved', name: { fi: 'Hoidettu', sv: 'Klart', en: 'Resolved' } }],
      serviceLevelTargetSeconds: 120,
      openingHours: always,
    },
    {
      id: 'kela',
      name: { fi: 'Kela', sv: 'FPA', en: 'Kela' },
      languages: ['fi', 'sv'],
      topics: [],
      outcomes: [{ id: 'resolved', name: { fi: 'Hoidettu', sv: 'Klart', en: 'Resolved' } }],
      serviceLevelTargetSeconds: 120,
      openingHours: { ...always, '6': { opens: '10:00', closes: '14:00' } },
    },
  ],
};

export const ticket: TicketView = {
  ticketId: 'ticket-000001',
  visitId: 'visit-000001',
  agency: 'tax',
  language: 'sv',
  state: 'waiting',
  enqueuedAt: '2026-11-23T10:00:00.000Z',
  position: 3,
  etaSeconds: 250,
};

/** The session the specialist started for the ticket above. */
export const session: Session = {
  sessionId: 'session-00001',
  ticketId: ticket.ticketId,
  visitId: ticket.visitId,
  pointId: 'mikkeli',
  expertId: 'aino',
  agency: 'tax',
  language: 'sv',
  queuedAt: ticket.enqueuedAt,
  offeredAt: '2026-11-23T10:04:00.000Z',
  answeredAt: '2026-11-23T10:04:05.000Z',
};
