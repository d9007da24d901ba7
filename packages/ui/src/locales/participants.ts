/**
 * Who is in a call, said to everyone in it (call/ParticipantsPanel.tsx, call/CallGrid.tsx): each
 * participant by role and name, and each join and leave in a sentence shown on screen and read by
 * screen readers. The i18n namespace `participants`.
 */
import type { Language, ParticipantRole } from '@etapiste/protocol';

export interface ParticipantsTexts {
  heading: string;
  /** A role as a title before a name ("Esihenkilö Anna Virtanen"). */
  role: Record<ParticipantRole, string>;
  /** After one's own name in the list. */
  you: string;
  joined: string;
  /** A supervisor who joined at the specialist's invite: who invited them is said too. */
  joinedInvited: string;
  left: string;
  /** A tile's label: its role and name, and what it shows. */
  tile: string;
  /** The tile of the one speaking now, for screen readers. */
  speaking: string;
  /** One's own picture. */
  self: string;
}

export const texts: Record<Language, ParticipantsTexts> = {
  fi: {
    heading: 'Puhelussa',
    role: {
      point: 'Asiointipiste',
      expert: 'Asiantuntija',
      interpreter: 'Tulkki',
      supervisor: 'Esihenkilö',
      consultant: 'Konsultoiva asiantuntija',
    },
    you: '(sinä)',
    joined: '{{role}} {{name}} liittyi puheluun.',
    joinedInvited: '{{role}} {{name}} liittyi puheluun. Kutsuja: {{by}}.',
    left: '{{role}} {{name}} poistui puhelusta.',
    tile: '{{role}} {{name}}',
    speaking: 'puhuu',
    self: 'Oma kuva',
  },
  sv: {
    heading: 'I samtalet',
    role: {
      point: 'Serviceställe',
      expert: 'Sakkunnig',
      interpreter: 'Tolk',
      supervisor: 'Chef',
      consultant: 'Konsulterande sakkunnig',
    },
    you: '(du)',
    joined: '{{role}} {{name}} anslöt till samtalet.',
    joinedInvited: '{{role}} {{name}} anslöt till samtalet, inbjuden av {{by}}.',
    left: '{{role}} {{name}} lämnade samtalet.',
    tile: '{{role}} {{name}}',
    speaking: 'talar',
    self: 'Egen bild',
  },
  en: {
    heading: 'In the call',
    role: {
      point: 'Service point',
      expert: 'Specialist',
      interpreter: 'Interpreter',
      supervisor: 'Supervisor',
      consultant: 'Consulting specialist',
    },
    you: '(you)',
    joined: '{{role}} {{name}} joined the call.',
    joinedInvited: '{{role}} {{name}} joined the call, invited by {{by}}.',
    left: '{{role}} {{name}} left the call.',
    tile: '{{role}} {{name}}',
    speaking: 'speaking',
    self: 'Your own picture',
  },
};
