/**
 * Texts for a customer stepping away from the point while their request keeps its place
 * (`request:step-away`): the choice on the waiting screen, the list of stepped-away customers on
 * the start screen and the alert when one of them is near the head.
 */
const fi = {
  /** The customer's service language, as said after the agency ("Verohallinto, suomeksi"). */
  inLanguage: { fi: 'suomeksi', sv: 'ruotsiksi', en: 'englanniksi' },
  action: 'Asiakas poistuu hetkeksi',
  heading: 'Asiakas poistuu hetkeksi',
  intro:
    'Paikka jonossa säilyy. Kun vuoro on lähellä, piste hälyttää. Jos asiakas ei ole palannut vuoron tullessa, vuoro ohitetaan kerran, ja seuraavalla kerralla jonotus päättyy.',
  minutes: 'Palaa viimeistään',
  inMinutes_one: '{{count}} minuutin kuluttua',
  inMinutes_other: '{{count}} minuutin kuluttua',
  confirm: 'Asiakas poistuu',
  cancel: 'Asiakas jää odottamaan',
  notice: 'Asiakkaan paikka jonossa säilyy. Voit palvella seuraavaa asiakasta.',
  listHeading: 'Poistuneet asiakkaat',
  item: '{{agency}}, {{inLanguage}}',
  backBy: 'palaa klo {{time}} mennessä',
  position: 'jonossa {{position}}.',
  passedOver: 'Vuoro ohitettiin kerran, koska asiakas ei ollut paikalla.',
  back: 'Asiakas palasi',
  remove: 'Peru jonotus',
  removeConfirm: 'Perutaanko jonotus varmasti?',
  removeYes: 'Kyllä, peru',
  removeNo: 'Ei',
  near: 'Vuoro lähestyy: {{agency}}, {{inLanguage}}, klo {{time}} palaava asiakas on jonossa {{position}}. Hae asiakas pisteelle.',
};

const sv = {
  /** The customer's service language, as said after the agency ("Verohallinto, suomeksi"). */
  inLanguage: { fi: 'på finska', sv: 'på svenska', en: 'på engelska' },
  action: 'Kunden går iväg en stund',
  heading: 'Kunden går iväg en stund',
  intro:
    'Platsen i kön finns kvar. När turen närmar sig larmar servicestället. Om kunden inte är tillbaka när turen kommer hoppas den över en gång, och nästa gång avslutas köandet.',
  minutes: 'Tillbaka senast',
  inMinutes_one: 'om {{count}} minut',
  inMinutes_other: 'om {{count}} minuter',
  confirm: 'Kunden går iväg',
  cancel: 'Kunden stannar och väntar',
  notice: 'Kundens plats i kön finns kvar. Du kan betjäna nästa kund.',
  listHeading: 'Kunder som gått iväg',
  item: '{{agency}}, {{inLanguage}}',
  backBy: 'tillbaka senast kl. {{time}}',
  position: 'nummer {{position}} i kön',
  passedOver: 'Turen hoppades över en gång eftersom kunden inte var på plats.',
  back: 'Kunden är tillbaka',
  remove: 'Avbryt köandet',
  removeConfirm: 'Vill du säkert avbryta köandet?',
  removeYes: 'Ja, avbryt',
  removeNo: 'Nej',
  near: 'Turen närmar sig: {{agency}}, {{inLanguage}}, kunden som är tillbaka senast kl. {{time}} är nummer {{position}} i kön. Hämta kunden till servicestället.',
};

const en = {
  /** The customer's service language, as said after the agency ("Verohallinto, suomeksi"). */
  inLanguage: { fi: 'in Finnish', sv: 'in Swedish', en: 'in English' },
  action: 'Customer steps away',
  heading: 'The customer steps away for a while',
  intro:
    'The place in the queue is kept. The point alerts you when the turn is near. If the customer is not back when the turn comes, it is passed over once; the next time, the request ends.',
  minutes: 'Back by',
  inMinutes_one: 'in {{count}} minute',
  inMinutes_other: 'in {{count}} minutes',
  confirm: 'Customer steps away',
  cancel: 'Customer stays and waits',
  notice: "The customer's place in the queue is kept. You can serve the next customer.",
  listHeading: 'Customers who stepped away',
  item: '{{agency}}, {{inLanguage}}',
  backBy: 'back by {{time}}',
  position: 'number {{position}} in the queue',
  passedOver: 'The turn was passed over once because the customer was not here.',
  back: 'Customer is back',
  remove: 'Cancel the request',
  removeConfirm: 'Cancel the request?',
  removeYes: 'Yes, cancel',
  removeNo: 'No',
  near: 'The turn is near: {{agency}}, {{inLanguage}}, the customer back by {{time}} is number {{position}} in the queue. Fetch the customer to the point.',
};

export const stepAway = { fi, sv, en };
