/**
 * Texts for inviting someone into a session under way (issue 14): the specialist's control in the
 * session view, the answer said back to them, and the invite ringing at the colleague, interpreter
 * or supervisor, with the call they join. "Supervisor" is the console's word elsewhere
 * (`home.role.supervisor`, `participants:role.supervisor`): Esihenkilö, Chef.
 */
const fi = {
  open: 'Kutsu puheluun',
  heading: 'Kutsu puheluun',
  kind: 'Ketä kutsut?',
  colleague: 'Kollega (konsultaatio)',
  interpreter: 'Tulkki',
  supervisor: 'Esihenkilö',
  supervisorHint: 'Kutsu soi viraston esihenkilöllä, joka on konsolissa eikä toisessa puhelussa.',
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
  incomingSupervisor:
    '{{from}} kutsuu sinut esihenkilönä puheluun: {{agency}}, {{language}}. Mikrofonisi on kiinni, kunnes avaat sen.',
  accept: 'Liity puheluun',
  decline: 'Hylkää',
  callTitle: 'Konsultaatio: {{from}}',
  supervisorCallTitle: 'Kutsuttuna puhelussa: {{from}}',
};

const sv: typeof fi = {
  open: 'Bjud in till samtalet',
  heading: 'Bjud in till samtalet',
  kind: 'Vem bjuder du in?',
  colleague: 'En kollega (konsultation)',
  interpreter: 'En tolk',
  supervisor: 'En chef',
  supervisorHint: 'Inbjudan ringer hos en chef för myndigheten som är i konsolen och inte i ett annat samtal.',
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
  incomingSupervisor:
    '{{from}} bjuder in dig som chef till ett samtal: {{agency}}, {{language}}. Din mikrofon är av tills du slår på den.',
  accept: 'Anslut till samtalet',
  decline: 'Avböj',
  callTitle: 'Konsultation: {{from}}',
  supervisorCallTitle: 'Inbjuden till samtalet: {{from}}',
};

const en: typeof fi = {
  open: 'Invite into the call',
  heading: 'Invite into the call',
  kind: 'Whom do you invite?',
  colleague: 'A colleague (consultation)',
  interpreter: 'An interpreter',
  supervisor: 'A supervisor',
  supervisorHint: 'The invite rings at a supervisor of the agency who is in the console and in no other call.',
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
  incomingSupervisor:
    '{{from}} invites you into a call as supervisor: {{agency}}, {{language}}. Your microphone stays off until you turn it on.',
  accept: 'Join the call',
  decline: 'Decline',
  callTitle: 'Consultation: {{from}}',
  supervisorCallTitle: 'Invited into the call: {{from}}',
};

export const invite = { fi, sv, en };
