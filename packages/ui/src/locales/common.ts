/**
 * Texts both apps share, in Finnish, Swedish and English. The error table is typed against the
 * protocol's codes, so a new code cannot ship without a translation in all three languages.
 */
import type { ClientErrorCode, ConnectionState } from '@etapiste/call-client';
import type { IdentityCheck } from '@etapiste/protocol';
import type { QualityLevel } from '../call/quality.js';
import * as callLevel from './call-level.js';

export interface CommonTexts {
  /** Each language in its own name (Suomi, Svenska, English): for choosing a language only. */
  languageName: { fi: string; sv: string; en: string };
  /**
   * A language named in the reader's language, for use inside a sentence or a summary: never the
   * other language's own name there ("Kela · ruotsi", "på finska"). One key per grammatical use.
   */
  language: {
    /** On its own, as in a list or a summary: "ruotsi", "svenska", "Swedish". */
    name: { fi: string; sv: string; en: string };
    /** Served in it: "ruotsiksi" (translative), "på svenska", "in Swedish". */
    in: { fi: string; sv: string; en: string };
  };
  languageSwitcher: { label: string };
  connection: Record<ConnectionState, string>;
  errors: Record<ClientErrorCode, string>;
  actions: { signOut: string; signIn: string; retry: string };
  skipToContent: string;
  form: { required: string };
  /** The shared sign-in form's own checks, said per field (`label` is the field's label). */
  signIn: { empty: string; tooShort: string };
  /** The footer of every screen. */
  footer: { accessibility: string };
  /** The sign languages an interpreter may interpret, which Intl does not name (interpreter-language.ts). */
  signLanguage: { fse: string; fss: string };
  /** A call's connection quality in a word (call/quality.ts). */
  quality: Record<QualityLevel | 'unknown', string>;
  /** A call's level in words, both sides (call/CallLevelNotice.tsx, call/AudioOnlyToggle.tsx). */
  callLevel: callLevel.CallLevelTexts;
  /** How the customer's identity was checked at the point (the point records, the specialist reads). */
  identityCheck: Record<IdentityCheck, string>;
  /** The session's chat (call/ChatPanel.tsx). */
  chat: { heading: string; log: string; empty: string; you: string; input: string; send: string };
  /** Documents shared in the session (call/DocumentsPanel.tsx). */
  documents: {
    heading: string;
    empty: string;
    type: { pdf: string; jpeg: string; png: string };
    fromYou: string;
    from: { point: string; expert: string };
    save: string;
    saveNamed: string;
    send: string;
    hint: string;
  };
}

/** Each language is named in its own language, everywhere (the customer's right to recognise it). */
const languageName = { fi: 'Suomi', sv: 'Svenska', en: 'English' } as const;

export const fi: CommonTexts = {
  languageName,
  language: {
    name: { fi: 'suomi', sv: 'ruotsi', en: 'englanti' },
    in: { fi: 'suomeksi', sv: 'ruotsiksi', en: 'englanniksi' },
  },
  languageSwitcher: { label: 'Kieli' },
  connection: {
    idle: 'Ei yhteyttä',
    connecting: 'Yhdistetään…',
    connected: 'Yhteys toimii',
    reconnecting: 'Yhteys katkesi, yhdistetään uudelleen…',
    'signed-out': 'Kirjautuminen päättyi',
    // The client closes only when the server does not speak its protocol version (a rolling
    // upgrade: an old app, a new server) or as the page goes away: a reload is the way on.
    closed: 'Yhteys suljettu. Päivitä sivu.',
  },
  errors: {
    VALIDATION_FAILED: 'Tiedoissa on virhe. Tarkista ja yritä uudelleen.',
    UNKNOWN_EVENT: 'Sovellus ja palvelin eivät ymmärrä toisiaan. Päivitä sivu.',
    PAYLOAD_TOO_LARGE: 'Tietoa on liikaa kerralla lähetettäväksi.',
    UNSUPPORTED_PROTOCOL_VERSION: 'Sovelluksen versio ei sovi palvelimelle. Päivitä sivu.',
    UNAUTHENTICATED: 'Kirjaudu sisään.',
    INVALID_CREDENTIALS: 'Kirjautumistiedot eivät kelpaa.',
    TOKEN_EXPIRED: 'Kirjautuminen on vanhentunut. Kirjaudu uudelleen.',
    SESSION_REVOKED: 'Kirjautuminen lopetettiin turvallisuussyistä. Kirjaudu uudelleen.',
    FORBIDDEN: 'Tällä tunnuksella ei voi tehdä tätä.',
    NOT_FOUND: 'Tietoa ei löytynyt.',
    CONFLICT: 'Tilanne muuttui juuri. Yritä uudelleen.',
    IN_USE: 'Tämä on nyt käytössä, eikä sitä voi muuttaa näin.',
    STALE_VERSION: 'Joku muutti tätä samaan aikaan. Lataa tiedot uudelleen ja tee muutos uudestaan.',
    ADVISOR_SIGN_IN_REQUIRED: 'Neuvojan on kirjauduttava sisään omilla tunnuksillaan ennen asioinnin aloittamista.',
    POINT_ACCOUNT_ONLY: 'Näillä tunnuksilla kirjaudutaan asiointipisteessä, ei asiantuntijakonsoliin.',
    DOCUMENT_REFUSED: 'Vain PDF-, JPEG- ja PNG-tiedostot kelpaavat, enintään 10 Mt. Tarkista tiedosto.',
    IDENTITY_CHECK_REQUIRED:
      'Tämä virasto palvelee vain asiakkaita, joiden henkilöllisyys on tarkistettu. Valitse, miten se tarkistettiin.',
    NO_INTERPRETER_LANGUAGE:
      'Tulkkipalvelussa ei ole tulkkia tälle kielelle valitun asiointikielen kanssa. Valitse toinen kieli tai varaa aika.',
    CORRECTION_REFUSED: 'Korjaus ei sovi tapahtuman nykyiseen tilaan: se on jo mitätöity tai sitä ei ole mitätöity.',
    SLOT_TAKEN: 'Aika ehdittiin juuri varata. Valitse toinen aika.',
    SLOT_IN_PAST: 'Aika on jo mennyt.',
    SLOT_CLOSED: 'Virasto on suljettu tuohon aikaan (aukioloajan ulkopuolella tai pyhäpäivänä).',
    SERVICE_CLOSED: 'Palvelu on nyt suljettu.',
    NO_BOOKABLE_TIME: 'Tälle virastolle ja kielelle ei ole varattavia aikoja tuolloin.',
    BOOKING_NOT_YOURS: 'Tämä varaus tai piste ei ole sinun.',
    CHECK_IN_NOT_OPEN: 'Varausta ei voi nyt kirjata saapuneeksi.',
    SHIFT_OVERLAPS: 'Vuoro menee päällekkäin saman asiantuntijan toisen vuoron kanssa.',
    RATE_LIMITED: 'Liian monta yritystä. Odota hetki ja yritä uudelleen.',
    UNKNOWN_AGENCY: 'Virastoa ei löytynyt.',
    UNKNOWN_LANGUAGE: 'Virasto ei palvele tällä kielellä.',
    UNKNOWN_TOPIC: 'Aihetta ei löytynyt viraston luettelosta.',
    UNKNOWN_OUTCOME: 'Lopputulosta ei löytynyt viraston luettelosta.',
    SKILL_MISSING: 'Sinulla ei ole tämän viraston ja kielen osaamista.',
    OFFER_GONE: 'Asiakas ei ole enää tarjolla.',
    OFFER_EXPIRED: 'Tarjous ehti vanhentua.',
    NOT_IN_SESSION: 'Tämä palvelutapahtuma ei ole sinun tai se on jo päättynyt.',
    OUTSIDE_YOUR_AGENCIES: 'Palvelutapahtuma ei ole sinun virastojesi.',
    SUPERVISOR_ALREADY_PRESENT: 'Toinen esihenkilö on jo mukana tässä puhelussa.',
    SESSION_OVER: 'Palvelutapahtuma on jo päättynyt.',
    INVITE_SELF: 'Et voi kutsua itseäsi.',
    NO_ONE_FREE: 'Kukaan valitsemistasi ei ole juuri nyt vapaana.',
    INVITE_GONE: 'Kutsu ei ole enää voimassa.',
    MEDIA_NOT_GRANTED: 'Sinulla ei ole oikeutta tähän videoyhteyteen tai lähteeseen.',
    TRANSPORT_LIMIT: 'Liian monta mediayhteyttä samanaikaisesti.',
    INVALID_RTP_PARAMETERS: 'Laitteen mediamuotoa ei voitu käyttää.',
    ROOM_RESTARTED: 'Videoyhteys muodostettiin uudelleen; liitytään uudelleen.',
    REQUEST_CLOSED: 'Pyyntö ei ole enää jonossa.',
    POINT_BUSY: 'Pisteellä on toisen asiakkaan käynti kesken. Päätä se ensin.',
    FEEDBACK_NOT_OPEN: 'Palautetta voi antaa palvelutapahtuman päätyttyä, vuorokauden ajan.',
    FEEDBACK_ALREADY_GIVEN: 'Tästä palvelutapahtumasta on jo annettu palaute.',
    UNAVAILABLE: 'Palvelu ei ole juuri nyt käytettävissä. Yritä hetken päästä.',
    INTERNAL: 'Palvelussa tapahtui virhe. Yritä uudelleen.',
    NETWORK: 'Verkkoyhteydessä on ongelma. Tarkista yhteys.',
    TIMEOUT: 'Palvelin ei vastannut ajoissa. Yritä uudelleen.',
  },
  actions: { signOut: 'Kirjaudu ulos', signIn: 'Kirjaudu sisään', retry: 'Yritä uudelleen' },
  skipToContent: 'Siirry sisältöön',
  form: { required: 'Täytä tämä kenttä.' },
  signIn: {
    empty: '{{label}} puuttuu. Kirjoita se kenttään.',
    tooShort: '{{label}} on liian lyhyt. Siinä on vähintään {{min}} merkkiä.',
  },
  footer: { accessibility: 'Saavutettavuusseloste' },
  signLanguage: { fse: 'suomalainen viittomakieli', fss: 'suomenruotsalainen viittomakieli' },
  quality: { good: 'hyvä', fair: 'kohtalainen', poor: 'heikko', unknown: 'mitataan…' },
  callLevel: callLevel.fi,
  identityCheck: {
    'id-card': 'Henkilökortti',
    passport: 'Passi',
    'driving-licence': 'Ajokortti',
    'residence-permit': 'Oleskelulupakortti',
    suomifi: 'Suomi.fi-tunnistus asiointipisteessä',
    known: 'Neuvoja tuntee asiakkaan',
    'not-checked': 'Ei tarkistettu',
  },
  chat: {
    heading: 'Viestit',
    log: 'Viestit tässä palvelussa',
    empty: 'Ei vielä viestejä. Kirjoita esimerkiksi nimen oikeinkirjoitus tai linkki.',
    you: 'Sinä',
    input: 'Kirjoita viesti',
    send: 'Lähetä',
  },
  documents: {
    heading: 'Asiakirjat',
    empty: 'Ei jaettuja asiakirjoja.',
    type: { pdf: 'PDF', jpeg: 'JPEG-kuva', png: 'PNG-kuva' },
    fromYou: 'sinulta',
    from: { point: 'asiointipisteestä', expert: 'asiantuntijalta' },
    save: 'Tallenna',
    saveNamed: 'Tallenna {{name}}',
    send: 'Lähetä asiakirja…',
    hint: 'PDF, JPEG tai PNG, enintään 10 Mt. Asiakirjat poistetaan vuorokauden kuluttua palvelun päättymisestä.',
  },
};

export const sv: CommonTexts = {
  languageName,
  language: {
    name: { fi: 'finska', sv: 'svenska', en: 'engelska' },
    in: { fi: 'på finska', sv: 'på svenska', en: 'på engelska' },
  },
  languageSwitcher: { label: 'Språk' },
  connection: {
    idle: 'Ingen förbindelse',
    connecting: 'Ansluter…',
    connected: 'Förbindelsen fungerar',
    reconnecting: 'Förbindelsen bröts, ansluter på nytt…',
    'signed-out': 'Inloggningen har upphört',
    closed: 'Förbindelsen är stängd. Ladda om sidan.',
  },
  errors: {
    VALIDATION_FAILED: 'Uppgifterna innehåller ett fel. Kontrollera och försök igen.',
    UNKNOWN_EVENT: 'Appen och servern förstår inte varandra. Ladda om sidan.',
    PAYLOAD_TOO_LARGE: 'För mycket information att skicka på en gång.',
    UNSUPPORTED_PROTOCOL_VERSION: 'Appens version passar inte servern. Ladda om sidan.',
    UNAUTHENTICATED: 'Logga in.',
    INVALID_CREDENTIALS: 'Inloggningsuppgifterna godkänns inte.',
    TOKEN_EXPIRED: 'Inloggningen har gått ut. Logga in på nytt.',
    SESSION_REVOKED: 'Inloggningen avslutades av säkerhetsskäl. Logga in på nytt.',
    FORBIDDEN: 'Det här kan inte göras med det här kontot.',
    NOT_FOUND: 'Uppgiften hittades inte.',
    CONFLICT: 'Läget ändrades just. Försök igen.',
    IN_USE: 'Det här används just nu och kan inte ändras så.',
    STALE_VERSION: 'Någon ändrade det här samtidigt. Ladda om uppgifterna och gör ändringen på nytt.',
    ADVISOR_SIGN_IN_REQUIRED: 'Rådgivaren måste logga in med sina egna uppgifter innan ärendet börjar.',
    POINT_ACCOUNT_ONLY: 'Med de här uppgifterna loggar man in vid en servicepunkt, inte i konsolen.',
    DOCUMENT_REFUSED: 'Endast PDF-, JPEG- och PNG-filer på högst 10 MB godtas. Kontrollera filen.',
    IDENTITY_CHECK_REQUIRED:
      'Den här myndigheten betjänar bara kunder vars identitet har kontrollerats. Välj hur den kontrollerades.',
    NO_INTERPRETER_LANGUAGE:
      'Tolktjänsten har ingen tolk för det språket med det valda språket. Välj ett annat språk eller boka en tid.',
    CORRECTION_REFUSED:
      'Rättelsen passar inte transaktionens nuvarande läge: den är redan makulerad eller inte makulerad.',
    RATE_LIMITED: 'För många försök. Vänta en stund och försök igen.',
    SLOT_TAKEN: 'Tiden bokades just av någon annan. Välj en annan tid.',
    SLOT_IN_PAST: 'Tiden har redan passerat.',
    SLOT_CLOSED: 'Myndigheten är stängd då (utanför öppettiderna eller en helgdag).',
    SERVICE_CLOSED: 'Tjänsten är stängd nu.',
    NO_BOOKABLE_TIME: 'Det finns inga bokningsbara tider för myndigheten och språket då.',
    BOOKING_NOT_YOURS: 'Bokningen eller servicestället är inte ditt.',
    CHECK_IN_NOT_OPEN: 'Bokningen kan inte checkas in nu.',
    SHIFT_OVERLAPS: 'Passet överlappar ett annat pass för samma sakkunniga.',
    UNKNOWN_AGENCY: 'Myndigheten hittades inte.',
    UNKNOWN_LANGUAGE: 'Myndigheten betjänar inte på det språket.',
    UNKNOWN_TOPIC: 'Ämnet finns inte i myndighetens lista.',
    UNKNOWN_OUTCOME: 'Resultatet finns inte i myndighetens lista.',
    SKILL_MISSING: 'Du har inte kompetens för den myndigheten och det språket.',
    OFFER_GONE: 'Kunden erbjuds inte längre.',
    OFFER_EXPIRED: 'Erbjudandet hann gå ut.',
    NOT_IN_SESSION: 'Det här mötet är inte ditt eller har redan avslutats.',
    OUTSIDE_YOUR_AGENCIES: 'Mötet hör inte till dina myndigheter.',
    SUPERVISOR_ALREADY_PRESENT: 'En annan chef deltar redan i samtalet.',
    SESSION_OVER: 'Mötet har redan avslutats.',
    INVITE_SELF: 'Du kan inte bjuda in dig själv.',
    NO_ONE_FREE: 'Ingen av dem du valde är ledig just nu.',
    INVITE_GONE: 'Inbjudan gäller inte längre.',
    MEDIA_NOT_GRANTED: 'Du har inte behörighet till den här videoförbindelsen eller källan.',
    TRANSPORT_LIMIT: 'För många medieförbindelser samtidigt.',
    INVALID_RTP_PARAMETERS: 'Enhetens medieformat kunde inte användas.',
    ROOM_RESTARTED: 'Videoförbindelsen upprättades på nytt; ansluter igen.',
    REQUEST_CLOSED: 'Begäran står inte längre i kö.',
    POINT_BUSY: 'En annan kunds besök pågår vid servicestället. Avsluta det först.',
    FEEDBACK_NOT_OPEN: 'Respons kan ges när mötet har avslutats, under ett dygn.',
    FEEDBACK_ALREADY_GIVEN: 'Respons för det här mötet har redan getts.',
    UNAVAILABLE: 'Tjänsten är inte tillgänglig just nu. Försök om en stund.',
    INTERNAL: 'Ett fel uppstod i tjänsten. Försök igen.',
    NETWORK: 'Det är problem med nätverksförbindelsen. Kontrollera förbindelsen.',
    TIMEOUT: 'Servern svarade inte i tid. Försök igen.',
  },
  actions: { signOut: 'Logga ut', signIn: 'Logga in', retry: 'Försök igen' },
  skipToContent: 'Gå till innehållet',
  form: { required: 'Fyll i det här fältet.' },
  signIn: {
    empty: '{{label}} saknas. Fyll i fältet.',
    tooShort: '{{label}} är för kort. Det ska vara minst {{min}} tecken.',
  },
  footer: { accessibility: 'Tillgänglighetsutlåtande' },
  signLanguage: { fse: 'finskt teckenspråk', fss: 'finlandssvenskt teckenspråk' },
  quality: { good: 'god', fair: 'måttlig', poor: 'svag', unknown: 'mäts…' },
  callLevel: callLevel.sv,
  identityCheck: {
    'id-card': 'Identitetskort',
    passport: 'Pass',
    'driving-licence': 'Körkort',
    'residence-permit': 'Uppehållstillståndskort',
    suomifi: 'Suomi.fi-identifikation vid servicepunkten',
    known: 'Rådgivaren känner kunden',
    'not-checked': 'Inte kontrollerad',
  },
  chat: {
    heading: 'Meddelanden',
    log: 'Meddelanden i den här tjänsten',
    empty: 'Inga meddelanden ännu. Skriv till exempel hur ett namn stavas eller en länk.',
    you: 'Du',
    input: 'Skriv ett meddelande',
    send: 'Skicka',
  },
  documents: {
    heading: 'Dokument',
    empty: 'Inga delade dokument.',
    type: { pdf: 'PDF', jpeg: 'JPEG-bild', png: 'PNG-bild' },
    fromYou: 'från dig',
    from: { point: 'från servicepunkten', expert: 'från den sakkunniga' },
    save: 'Spara',
    saveNamed: 'Spara {{name}}',
    send: 'Skicka ett dokument…',
    hint: 'PDF, JPEG eller PNG, högst 10 MB. Dokumenten raderas ett dygn efter att tjänsten avslutats.',
  },
};

export const en: CommonTexts = {
  languageName,
  language: {
    name: { fi: 'Finnish', sv: 'Swedish', en: 'English' },
    in: { fi: 'in Finnish', sv: 'in Swedish', en: 'in English' },
  },
  languageSwitcher: { label: 'Language' },
  connection: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Connection lost, reconnecting…',
    'signed-out': 'Signed out',
    closed: 'Connection closed. Reload the page.',
  },
  errors: {
    VALIDATION_FAILED: 'Something in the details is wrong. Check them and try again.',
    UNKNOWN_EVENT: 'The app and the server do not understand each other. Reload the page.',
    PAYLOAD_TOO_LARGE: 'Too much information to send at once.',
    UNSUPPORTED_PROTOCOL_VERSION: 'This version of the app does not match the server. Reload the page.',
    UNAUTHENTICATED: 'Please sign in.',
    INVALID_CREDENTIALS: 'The sign-in details are not valid.',
    TOKEN_EXPIRED: 'Your sign-in has expired. Please sign in again.',
    SESSION_REVOKED: 'Your sign-in was ended for security reasons. Please sign in again.',
    FORBIDDEN: 'This account cannot do that.',
    NOT_FOUND: 'Not found.',
    CONFLICT: 'Things changed just now. Try again.',
    IN_USE: 'This is in use now and cannot be changed that way.',
    STALE_VERSION: 'Someone changed this in the meantime. Reload it and make your change again.',
    ADVISOR_SIGN_IN_REQUIRED: 'The advisor must sign in with their own account before starting a visit.',
    POINT_ACCOUNT_ONLY: 'This account signs in at a service point, not in the console.',
    DOCUMENT_REFUSED: 'Only PDF, JPEG and PNG files up to 10 MB are accepted. Check the file.',
    IDENTITY_CHECK_REQUIRED: 'This agency serves only customers whose identity was checked. Choose how it was checked.',
    NO_INTERPRETER_LANGUAGE:
      'No interpreter of the service interprets that language with the language chosen. Choose another language or book a time.',
    CORRECTION_REFUSED:
      'That correction does not fit the transaction as it stands: it is already voided, or not voided.',
    RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
    UNKNOWN_AGENCY: 'No such agency.',
    UNKNOWN_LANGUAGE: 'The agency does not serve in that language.',
    UNKNOWN_TOPIC: "The topic is not in the agency's list.",
    SLOT_TAKEN: 'That time was just booked by someone else. Choose another time.',
    SLOT_IN_PAST: 'That time has already passed.',
    SLOT_CLOSED: 'The agency is closed then (outside opening hours or on a public holiday).',
    SERVICE_CLOSED: 'The service is closed now.',
    NO_BOOKABLE_TIME: 'There is no bookable time for that agency and language then.',
    BOOKING_NOT_YOURS: 'That booking or point is not yours.',
    CHECK_IN_NOT_OPEN: 'The booking cannot be checked in now.',
    SHIFT_OVERLAPS: 'The shift overlaps another shift of the same specialist.',
    UNKNOWN_OUTCOME: "The outcome is not in the agency's list.",
    SKILL_MISSING: 'You do not serve that agency in that language.',
    OFFER_GONE: 'The customer is no longer offered to you.',
    OFFER_EXPIRED: 'The offer expired.',
    NOT_IN_SESSION: 'That session is not yours or has already ended.',
    OUTSIDE_YOUR_AGENCIES: 'That session is not of an agency you supervise.',
    SUPERVISOR_ALREADY_PRESENT: 'Another supervisor is in this call already.',
    SESSION_OVER: 'That session has already ended.',
    INVITE_SELF: 'You cannot invite yourself.',
    NO_ONE_FREE: 'Nobody of the kind you chose is free right now.',
    INVITE_GONE: 'The invite is no longer open.',
    MEDIA_NOT_GRANTED: 'You may not use this video connection or source.',
    TRANSPORT_LIMIT: 'Too many media connections at once.',
    INVALID_RTP_PARAMETERS: "The device's media format could not be used.",
    ROOM_RESTARTED: 'The video connection was set up again; rejoining.',
    REQUEST_CLOSED: 'The request is no longer in the queue.',
    POINT_BUSY: "Another customer's visit is open at the point. Finish it first.",
    FEEDBACK_NOT_OPEN: 'Feedback can be given once the session has ended, for one day.',
    FEEDBACK_ALREADY_GIVEN: 'Feedback for this session has already been given.',
    UNAVAILABLE: 'The service is not available right now. Try again shortly.',
    INTERNAL: 'Something went wrong in the service. Try again.',
    NETWORK: 'There is a problem with the network connection. Check the connection.',
    TIMEOUT: 'The server did not answer in time. Try again.',
  },
  actions: { signOut: 'Sign out', signIn: 'Sign in', retry: 'Try again' },
  skipToContent: 'Skip to content',
  form: { required: 'Fill in this field.' },
  signIn: {
    empty: '{{label}} is missing. Type it in the field.',
    tooShort: '{{label}} is too short. It has at least {{min}} characters.',
  },
  footer: { accessibility: 'Accessibility statement' },
  signLanguage: { fse: 'Finnish Sign Language', fss: 'Finland-Swedish Sign Language' },
  quality: { good: 'good', fair: 'fair', poor: 'poor', unknown: 'measuring…' },
  callLevel: callLevel.en,
  identityCheck: {
    'id-card': 'Identity card',
    passport: 'Passport',
    'driving-licence': 'Driving licence',
    'residence-permit': 'Residence permit card',
    suomifi: 'Suomi.fi identification at the point',
    known: 'Known to the advisor',
    'not-checked': 'Not checked',
  },
  chat: {
    heading: 'Messages',
    log: 'Messages in this session',
    empty: 'No messages yet. Write, for example, how a name is spelt, or a link.',
    you: 'You',
    input: 'Write a message',
    send: 'Send',
  },
  documents: {
    heading: 'Documents',
    empty: 'No documents shared.',
    type: { pdf: 'PDF', jpeg: 'JPEG image', png: 'PNG image' },
    fromYou: 'from you',
    from: { point: 'from the service point', expert: 'from the specialist' },
    save: 'Save',
    saveNamed: 'Save {{name}}',
    send: 'Send a document…',
    hint: 'PDF, JPEG or PNG, at most 10 MB. Documents are deleted a day after the session ends.',
  },
};
