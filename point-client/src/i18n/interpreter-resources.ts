/**
 * Texts for a customer who needs an interpreter (issue 14): the choice when starting a request, the
 * waiting screen while an interpreter is arranged, the answer when none of the pool is at work,
 * and the call's sign-language interpreter pinned large. The interpreter's language is named by
 * `interpreterLanguageName` (@etapiste/ui).
 */
const fi = {
  heading: 'Tarvitaanko tulkkia?',
  help: 'Puhelu alkaa, kun sekä asiantuntija että tulkki ovat vapaina. Tulkki osallistuu videopuheluun.',
  none: 'Ei tulkkia',
  arranging: 'Tulkkia järjestetään ({{language}}). Puhelu alkaa, kun asiantuntija ja tulkki ovat molemmat vapaina.',
  unavailableHeading: '{{agency}}: tulkkia ei ole nyt paikalla ({{language}})',
  unavailableText: 'Voitte silti jäädä odottamaan, varata ajan tai tulla takaisin myöhemmin.',
  waitText: 'Puhelu alkaa, kun tulkki ja asiantuntija ovat vapaina.',
  pinned: 'Viittomakielen tulkki näkyy suurena.',
  summary: 'tulkki: {{language}}',
};

const sv: typeof fi = {
  heading: 'Behövs en tolk?',
  help: 'Samtalet börjar när både en sakkunnig och en tolk är lediga. Tolken deltar i videosamtalet.',
  none: 'Ingen tolk',
  arranging: 'En tolk ordnas ({{language}}). Samtalet börjar när både en sakkunnig och tolken är lediga.',
  unavailableHeading: '{{agency}}: ingen tolk är på plats nu ({{language}})',
  unavailableText: 'Ni kan ändå vänta kvar, boka en tid eller komma tillbaka senare.',
  waitText: 'Samtalet börjar när en tolk och en sakkunnig är lediga.',
  pinned: 'Teckenspråkstolken visas stort.',
  summary: 'tolk: {{language}}',
};

const en: typeof fi = {
  heading: 'Is an interpreter needed?',
  help: 'The call starts when both a specialist and an interpreter are free. The interpreter joins the video call.',
  none: 'No interpreter',
  arranging:
    'An interpreter is being arranged ({{language}}). The call starts when a specialist and the interpreter are both free.',
  unavailableHeading: '{{agency}}: no interpreter is working now ({{language}})',
  unavailableText: 'You can still wait, book a time or come back later.',
  waitText: 'The call starts when an interpreter and a specialist are free.',
  pinned: 'The sign language interpreter is shown large.',
  summary: 'interpreter: {{language}}',
};

export const interpreter = { fi, sv, en };
