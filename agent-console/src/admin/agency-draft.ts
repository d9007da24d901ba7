/**
 * The agency form's draft and its way to and from the protocol's Agency. An edit sends the whole
 * agency (the server replaces it), so every field the schema has must make the round trip here:
 * a field left out of `agencyOfDraft` would be dropped from the agency on every save.
 */
import { type Agency, BOOKING_EXCLUSIVE_MINUTES_DEFAULT, LANGUAGES, type Language } from '@etapiste/protocol';
import type { NamedCode } from './NamedListFields.js';
import { exceptionsOf, type HoursDraft } from './OpeningHoursFields.js';

export interface AgencyDraft extends HoursDraft {
  id: string;
  name: { fi: string; sv: string; en: string };
  languages: Language[];
  /** As typed; a whole number of seconds when sent. */
  target: string;
  /** As typed; minutes a booked customer waits for the booked specialist only (empty: the default). */
  exclusive: string;
  /** Whether a customer whose identity was not checked may be served: the agency's rule. */
  uncheckedIdentity: 'allowed' | 'refused';
  /** As typed; hours a session's chat is kept after it ends (empty: deleted at the end). */
  chatHours: string;
  topics: NamedCode[];
  outcomes: NamedCode[];
}

/** A whole number as typed, or NaN so the schema calls the field wrong (never a silent 0). */
function wholeNumber(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

export function blankAgencyDraft(): AgencyDraft {
  return {
    id: '',
    name: { fi: '', sv: '', en: '' },
    languages: ['fi', 'sv'],
    target: '120',
    exclusive: String(BOOKING_EXCLUSIVE_MINUTES_DEFAULT),
    uncheckedIdentity: 'allowed',
    chatHours: '',
    topics: [],
    outcomes: [{ id: 'resolved', name: { fi: 'Asia hoidettu', sv: 'Ärendet skött', en: 'Resolved' } }],
    openingHours: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { opens: '08:00', closes: '16:15' }])),
    openingExceptions: [],
    publicHolidays: 'closed',
  };
}

export function draftOfAgency(agency: Agency): AgencyDraft {
  // A copy, so the form's edits never reach the listed entry (an agency is plain JSON data).
  const data = JSON.parse(JSON.stringify(agency)) as Agency;
  return {
    id: data.id,
    name: data.name,
    languages: data.languages,
    target: String(data.serviceLevelTargetSeconds),
    exclusive: data.bookingExclusiveMinutes === undefined ? '' : String(data.bookingExclusiveMinutes),
    uncheckedIdentity: data.uncheckedIdentity ?? 'allowed',
    chatHours: data.chatKeptHours === undefined ? '' : String(data.chatKeptHours),
    topics: data.topics,
    outcomes: data.outcomes,
    openingHours: data.openingHours,
    openingExceptions: (data.openingExceptions ?? []).map((e) => ({
      date: e.date,
      closed: e.hours === undefined,
      opens: e.hours?.opens ?? '10:00',
      closes: e.hours?.closes ?? '14:00',
    })),
    publicHolidays: data.publicHolidays ?? 'closed',
  };
}

/** The agency the draft describes, as sent (not yet checked: the form checks it with `Agency`). */
export function agencyOfDraft(draft: AgencyDraft) {
  return {
    id: draft.id,
    name: draft.name,
    languages: LANGUAGES.filter((l) => draft.languages.includes(l)),
    topics: draft.topics,
    outcomes: draft.outcomes,
    serviceLevelTargetSeconds: wholeNumber(draft.target),
    openingHours: draft.openingHours,
    openingExceptions: exceptionsOf(draft.openingExceptions),
    publicHolidays: draft.publicHolidays,
    uncheckedIdentity: draft.uncheckedIdentity,
    ...(draft.chatHours.trim() ? { chatKeptHours: wholeNumber(draft.chatHours) } : {}),
    ...(draft.exclusive.trim() ? { bookingExclusiveMinutes: wholeNumber(draft.exclusive) } : {}),
  };
}
