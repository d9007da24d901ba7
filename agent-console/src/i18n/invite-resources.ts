/**
 * Texts for inviting someone into a session under way (issue 14): the specialist's control in the
 * session view, the answer said back to them, and the invite ringing at the colleague or
 * interpreter, with the call they join.
 */
const fi = {
  open: 'Kutsu puheluun',
  heading: 'Kutsu puheluun',
  kind: 'Ketä kutsut?',
  colleague: 'Kollega (konsultaatio)',
  interpreter: 'Tulkki',
  agency: 'Virasto',
  language: 'Kieli',
  interpreterLanguage: 'Tulkattava kieli',
  noInterpreters: 'Tulkkipalvelussa ei ole tulkkia tämän puhelun kielellä.',
  send: 'Lähetä kutsu',
  cancel: 'Sulje',
  ringing: 'Kutsu soi: {{name}}. Vastattava klo {{time}} mennessä.',
  answered: {
    accepted: '{{name}} hyväksyi kutsun ja liittyy puheluun.',
    declined: '{{name}} hylkäsi kutsun.',
    timeout: '{{name}} ei vastannut kutsuun ajoissa.',
    cancelled: 'Kutsu peruttiin: {{name}} ei voinut liittyä.',
  },
  incomingHeading: 'Kutsu puheluun',
  incoming: '{{from}} kutsuu sinut puheluun: {{agency}}, {{language}}.',
  incomingInterpreter:
    '{{from}} kutsuu sinut tulkiksi: {{agency}}, {{language}}, tulkattava kieli {{interpreterLanguage}}.',
  accept: 'Liity puheluun',
  decline: 'Hylkää',
  callTitle: 'Konsultaatio: {{from}}',
};

const sv: typeof fi = {
  open: 'Bjud in till samtalet',
  heading: 'Bjud in till samtalet',
  kind: 'Vem bjuder du in?',
  colleague: 'En kollega (konsultation)',
  interpreter: 'En tolk',
  agency: 'Myndighet',
  language: 'Språk',
  interpreterLanguage: 'Tolkningsspråk',
  noInterpreters: 'Tolktjänsten har ingen tolk med det här samtalets språk.',
  send: 'Skicka inbjudan',
  cancel: 'Stäng',
  ringing: 'Inbjudan ringer hos {{name}}. Svar senast kl. {{time}}.',
  answered: {
    accepted: '{{name}} tog emot inbjudan och ansluter till samtalet.',
    declined: '{{name}} avböjde inbjudan.',
    timeout: '{{name}} svarade inte i tid.',
    cancelled: 'Inbjudan återkallades: {{name}} kunde inte ansluta.',
  },
  incomingHeading: 'Inbjudan till ett samtal',
  incoming: '{{from}} bjuder in dig till ett samtal: {{agency}}, {{language}}.',
  incomingInterpreter:
    '{{from}} bjuder in dig som tolk: {{agency}}, {{language}}, tolkningsspråk {{interpreterLanguage}}.',
  accept: 'Anslut till samtalet',
  decline: 'Avböj',
  callTitle: 'Konsultation: {{from}}',
};

const en: typeof fi = {
  open: 'Invite into the call',
  heading: 'Invite into the call',
  kind: 'Whom do you invite?',
  colleague: 'A colleague (consultation)',
  interpreter: 'An interpreter',
  agency: 'Agency',
  language: 'Language',
  interpreterLanguage: 'Language to interpret',
  noInterpreters: "No interpreter of the service works with this call's language.",
  send: 'Send the invite',
  cancel: 'Close',
  ringing: 'The invite rings at {{name}}. Answer by {{time}}.',
  answered: {
    accepted: '{{name}} accepted and joins the call.',
    declined: '{{name}} declined the invite.',
    timeout: '{{name}} did not answer in time.',
    cancelled: 'The invite was cancelled: {{name}} could not join.',
  },
  incomingHeading: 'An invite into a call',
  incoming: '{{from}} invites you into a call: {{agency}}, {{language}}.',
  incomingInterpreter:
    '{{from}} invites you to interpret: {{agency}}, {{language}}, language to interpret {{interpreterLanguage}}.',
  accept: 'Join the call',
  decline: 'Decline',
  callTitle: 'Consultation: {{from}}',
};

export const invite = { fi, sv, en };
