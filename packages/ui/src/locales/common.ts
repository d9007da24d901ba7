/**
 * Texts both apps share, in Finnish, Swedish and English. The error table is typed against the
 * protocol's codes, so a new code cannot ship without a translation in all three languages.
 */
import type { ClientErrorCode, ConnectionState } from '@etapiste/call-client';

export interface CommonTexts {
  languageName: { fi: string; sv: string; en: string };
  languageSwitcher: { label: string };
  connection: Record<ConnectionState, string>;
  errors: Record<ClientErrorCode, string>;
  actions: { signOut: string; signIn: string; retry: string };
  skipToContent: string;
}

/** Each language is named in its own language, everywhere (the customer's right to recognise it). */
const languageName = { fi: 'Suomi', sv: 'Svenska', en: 'English' } as const;

export const fi: CommonTexts = {
  languageName,
  languageSwitcher: { label: 'Kieli' },
  connection: {
    idle: 'Ei yhteyttä',
    connecting: 'Yhdistetään…',
    connected: 'Yhteys toimii',
    reconnecting: 'Yhteys katkesi, yhdistetään uudelleen…',
    'signed-out': 'Kirjautuminen päättyi',
    closed: 'Yhteys suljettu',
  },
  errors: {
    VALIDATION_FAILED: 'Tiedoissa on virhe. Tarkista ja yritä uudelleen.',
    UNKNOWN_EVENT: 'Sovellus ja palvelin eivät ymmärrä toisiaan. Päivitä sivu.',
    PAYLOAD_TOO_LARGE: 'Tietoa on liikaa kerralla lähetettäväksi.',
    UNSUPPORTED_PROTOCOL_VERSION: 'Sovelluksen versio ei sovi palvelimelle. Päivitä sivu.',
    UNAUTHENTICATED: 'Kirjaudu sisään.',
    INVALID_CREDENTIALS: 'Kirjautumistiedot eivät kelpaa.',
    TOKEN_EXPIRED: 'Kirjautuminen on vanhentunut. Kirjaudu uudelleen.',
    FORBIDDEN: 'Tällä tunnuksella ei voi tehdä tätä.',
    NOT_FOUND: 'Tietoa ei löytynyt.',
    CONFLICT: 'Tilanne muuttui juuri. Yritä uudelleen.',
    RATE_LIMITED: 'Liian monta yritystä. Odota hetki ja yritä uudelleen.',
    UNAVAILABLE: 'Palvelu ei ole juuri nyt käytettävissä. Yritä hetken päästä.',
    INTERNAL: 'Palvelussa tapahtui virhe. Yritä uudelleen.',
    NETWORK: 'Verkkoyhteydessä on ongelma. Tarkista yhteys.',
    TIMEOUT: 'Palvelin ei vastannut ajoissa. Yritä uudelleen.',
  },
  actions: { signOut: 'Kirjaudu ulos', signIn: 'Kirjaudu sisään', retry: 'Yritä uudelleen' },
  skipToContent: 'Siirry sisältöön',
};

export const sv: CommonTexts = {
  languageName,
  languageSwitcher: { label: 'Språk' },
  connection: {
    idle: 'Ingen förbindelse',
    connecting: 'Ansluter…',
    connected: 'Förbindelsen fungerar',
    reconnecting: 'Förbindelsen bröts, ansluter på nytt…',
    'signed-out': 'Inloggningen har upphört',
    closed: 'Förbindelsen är stängd',
  },
  errors: {
    VALIDATION_FAILED: 'Uppgifterna innehåller ett fel. Kontrollera och försök igen.',
    UNKNOWN_EVENT: 'Appen och servern förstår inte varandra. Ladda om sidan.',
    PAYLOAD_TOO_LARGE: 'För mycket information att skicka på en gång.',
    UNSUPPORTED_PROTOCOL_VERSION: 'Appens version passar inte servern. Ladda om sidan.',
    UNAUTHENTICATED: 'Logga in.',
    INVALID_CREDENTIALS: 'Inloggningsuppgifterna godkänns inte.',
    TOKEN_EXPIRED: 'Inloggningen har gått ut. Logga in på nytt.',
    FORBIDDEN: 'Det här kan inte göras med det här kontot.',
    NOT_FOUND: 'Uppgiften hittades inte.',
    CONFLICT: 'Läget ändrades just. Försök igen.',
    RATE_LIMITED: 'För många försök. Vänta en stund och försök igen.',
    UNAVAILABLE: 'Tjänsten är inte tillgänglig just nu. Försök om en stund.',
    INTERNAL: 'Ett fel uppstod i tjänsten. Försök igen.',
    NETWORK: 'Det är problem med nätverksförbindelsen. Kontrollera förbindelsen.',
    TIMEOUT: 'Servern svarade inte i tid. Försök igen.',
  },
  actions: { signOut: 'Logga ut', signIn: 'Logga in', retry: 'Försök igen' },
  skipToContent: 'Gå till innehållet',
};

export const en: CommonTexts = {
  languageName,
  languageSwitcher: { label: 'Language' },
  connection: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Connection lost, reconnecting…',
    'signed-out': 'Signed out',
    closed: 'Connection closed',
  },
  errors: {
    VALIDATION_FAILED: 'Something in the details is wrong. Check them and try again.',
    UNKNOWN_EVENT: 'The app and the server do not understand each other. Reload the page.',
    PAYLOAD_TOO_LARGE: 'Too much information to send at once.',
    UNSUPPORTED_PROTOCOL_VERSION: 'This version of the app does not match the server. Reload the page.',
    UNAUTHENTICATED: 'Please sign in.',
    INVALID_CREDENTIALS: 'The sign-in details are not valid.',
    TOKEN_EXPIRED: 'Your sign-in has expired. Please sign in again.',
    FORBIDDEN: 'This account cannot do that.',
    NOT_FOUND: 'Not found.',
    CONFLICT: 'Things changed just now. Try again.',
    RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
    UNAVAILABLE: 'The service is not available right now. Try again shortly.',
    INTERNAL: 'Something went wrong in the service. Try again.',
    NETWORK: 'There is a problem with the network connection. Check the connection.',
    TIMEOUT: 'The server did not answer in time. Try again.',
  },
  actions: { signOut: 'Sign out', signIn: 'Sign in', retry: 'Try again' },
  skipToContent: 'Skip to content',
};
