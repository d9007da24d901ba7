/**
 * The accessibility statement that the Act on the Provision of Digital Services (306/2019) requires,
 * in Finnish, Swedish and English, for both apps (i18next namespace `statement`). It says only what
 * the tests and checks have shown; docs/accessibility.md says how to keep it true. When a finding
 * is fixed or a new one is known, change the list and the date together.
 */

/** The day the statement was written or last reviewed (ISO date; shown in the reader's format). */
export const STATEMENT_DATE = '2026-12-01';

/**
 * Where feedback goes. The operator of the service sets its own address here before publishing;
 * the demo's is a reserved example domain, so nobody's real mailbox is named by mistake.
 */
export const ACCESSIBILITY_FEEDBACK_EMAIL = 'saavutettavuus@etapiste.example';

/** The supervisory authority's contact (the law's enforcement procedure). */
export const SUPERVISOR = {
  email: 'saavutettavuus@avi.fi',
  web: 'https://www.saavutettavuusvaatimukset.fi',
  webLabel: 'www.saavutettavuusvaatimukset.fi',
} as const;

export interface StatementTexts {
  title: string;
  close: string;
  scope: string;
  statusHeading: string;
  status: string;
  nonConformingHeading: string;
  nonConforming: string[];
  assessedHeading: string;
  assessed: string[];
  date: string;
  feedbackHeading: string;
  feedback: string;
  feedbackEmail: string;
  supervisorHeading: string;
  supervisor: string;
  supervisorName: string;
  supervisorUnit: string;
  supervisorWeb: string;
  supervisorEmail: string;
}

export const fi: StatementTexts = {
  title: 'Saavutettavuusseloste',
  close: 'Sulje seloste',
  scope:
    'Tämä seloste koskee Etäpiste-etäpalvelua: asiointipisteen sovellusta, jota palveluneuvoja ja asiakas käyttävät, sekä asiantuntijakonsolia, jota viranomaisten asiantuntijat ja esihenkilöt käyttävät. Laki digitaalisten palvelujen tarjoamisesta (306/2019) edellyttää, että julkiset verkkopalvelut ovat saavutettavia.',
  statusHeading: 'Saavutettavuuden tila',
  status:
    'Palvelu täyttää WCAG 2.1 -ohjeiston AA-tason saavutettavuusvaatimukset osittain. Tiedossa olevat puutteet on lueteltu alla.',
  nonConformingHeading: 'Sisältö, joka ei ole saavutettavaa',
  nonConforming: [
    'Videopuhelussa ei ole tekstitystä (WCAG 1.2.4 Tekstitys, suora lähetys). Puhelu on kahden ihmisen suora keskustelu, eikä palvelussa ole puheentunnistusta. Asiointipisteessä palveluneuvoja on asiakkaan tukena.',
    'Dokumenttikameran kuva ja asiantuntijan jakama näyttö ovat videokuvaa, joten ruudunlukija ei voi lukea niissä näkyvää tekstiä (WCAG 1.1.1 Ei-tekstuaalinen sisältö). Kuvan sisällön voi pyytää kertomaan puhelussa ääneen.',
    'Asiantuntijan on kirjattava palvelutapahtuman lopputulos määräajassa (oletuksena kaksi minuuttia). Aikaa ei voi itse pidentää, ja ajan päätyttyä lopputulos jää kirjaamatta (WCAG 2.2.1 Säädettävä ajoitus). Jäljellä oleva aika näkyy laskurina.',
  ],
  assessedHeading: 'Miten saavutettavuus on arvioitu',
  assessed: [
    'Seloste perustuu palvelun kehittäjien omaan arvioon. Ulkopuolista arviointia ei ole tehty.',
    'Automaattiset testit avaavat sovellusten näkymät Chromium-selaimessa ja tarkistavat ne axe-core-työkalulla WCAG 2.1 A- ja AA-tason säännöin suomeksi, ruotsiksi ja englanniksi. Testit hyväksyvät vain näkymät, joista virheitä ei löydy.',
    'Kehittäjät ovat käyneet palveluneuvojan, asiantuntijan ja esihenkilön polut läpi Chromium-selaimessa, myös pelkällä näppäimistöllä, ja tarkistaneet näkymien kuvakaappaukset.',
    'Palvelua ei ole vielä testattu ruudunlukijalla.',
  ],
  date: 'Seloste on laadittu {{date}}.',
  feedbackHeading: 'Palaute',
  feedback:
    'Huomasitko puutteen saavutettavuudessa tai tarvitsetko sisältöä saavutettavassa muodossa? Kerro siitä palvelun ylläpitäjälle. Vastaamme 14 päivän kuluessa.',
  feedbackEmail: 'Sähköposti',
  supervisorHeading: 'Valvontaviranomainen',
  supervisor:
    'Jos huomaat palvelussa saavutettavuusongelmia, anna ensin palautetta meille. Jos et saa vastausta 14 päivän kuluessa tai et ole tyytyväinen vastaukseen, voit tehdä ilmoituksen valvontaviranomaiselle.',
  supervisorName: 'Etelä-Suomen aluehallintovirasto',
  supervisorUnit: 'Saavutettavuuden valvonnan yksikkö',
  supervisorWeb: 'Verkkosivusto',
  supervisorEmail: 'Sähköposti',
};

export const sv: StatementTexts = {
  title: 'Tillgänglighetsutlåtande',
  close: 'Stäng utlåtandet',
  scope:
    'Det här utlåtandet gäller distanstjänsten Etäpiste: servicepunktens app som servicerådgivaren och kunden använder, och konsolen som myndigheternas sakkunniga och förmän använder. Lagen om tillhandahållande av digitala tjänster (306/2019) kräver att offentliga webbtjänster är tillgängliga.',
  statusHeading: 'Tillgänglighetens status',
  status:
    'Tjänsten uppfyller delvis kraven på nivå AA i riktlinjerna WCAG 2.1. De brister vi känner till finns i listan nedan.',
  nonConformingHeading: 'Innehåll som inte är tillgängligt',
  nonConforming: [
    'Videosamtalet har ingen textning (WCAG 1.2.4 Textning, direktsändning). Samtalet är ett direkt samtal mellan två personer och tjänsten har ingen taligenkänning. Vid servicepunkten stöder servicerådgivaren kunden.',
    'Dokumentkamerans bild och skärmen som den sakkunniga delar är videobild, så en skärmläsare kan inte läsa texten i dem (WCAG 1.1.1 Icke-textbaserat innehåll). Man kan be att innehållet läses upp i samtalet.',
    'Den sakkunniga ska registrera resultatet av ärendet inom en viss tid (som standard två minuter). Tiden kan inte förlängas av användaren, och när den har gått ut blir resultatet oregistrerat (WCAG 2.2.1 Justerbar tidsgräns). Den återstående tiden visas som en nedräkning.',
  ],
  assessedHeading: 'Hur tillgängligheten har bedömts',
  assessed: [
    'Utlåtandet bygger på tjänstens utvecklares egen bedömning. Ingen extern bedömning har gjorts.',
    'Automatiska tester öppnar apparnas vyer i webbläsaren Chromium och kontrollerar dem med verktyget axe-core enligt reglerna för WCAG 2.1 nivå A och AA på finska, svenska och engelska. Testerna godkänner bara vyer där inga fel hittas.',
    'Utvecklarna har gått igenom servicerådgivarens, den sakkunnigas och förmannens vägar i Chromium, också med enbart tangentbord, och granskat skärmbilderna av vyerna.',
    'Tjänsten har ännu inte testats med skärmläsare.',
  ],
  date: 'Utlåtandet har upprättats {{date}}.',
  feedbackHeading: 'Respons',
  feedback:
    'Upptäckte du en brist i tillgängligheten eller behöver du innehåll i tillgänglig form? Berätta det för tjänstens upprätthållare. Vi svarar inom 14 dagar.',
  feedbackEmail: 'E-post',
  supervisorHeading: 'Tillsynsmyndighet',
  supervisor:
    'Om du upptäcker tillgänglighetsproblem i tjänsten, ge först respons till oss. Om du inte får svar inom 14 dagar eller inte är nöjd med svaret kan du göra en anmälan till tillsynsmyndigheten.',
  supervisorName: 'Regionförvaltningsverket i Södra Finland',
  supervisorUnit: 'Enheten för tillgänglighetstillsyn',
  supervisorWeb: 'Webbplats',
  supervisorEmail: 'E-post',
};

export const en: StatementTexts = {
  title: 'Accessibility statement',
  close: 'Close the statement',
  scope:
    'This statement covers the Etäpiste remote service: the service point app used by the service advisor and the customer, and the console used by the agencies’ specialists and supervisors. The Act on the Provision of Digital Services (306/2019) requires public web services to be accessible.',
  statusHeading: 'Compliance status',
  status:
    'The service partially meets the level AA requirements of the WCAG 2.1 guidelines. The shortcomings we know of are listed below.',
  nonConformingHeading: 'Content that is not accessible',
  nonConforming: [
    'The video call has no captions (WCAG 1.2.4 Captions (Live)). The call is a live conversation between two people and the service has no speech recognition. At the service point the advisor supports the customer.',
    'The document camera picture and the screen shared by the specialist are video, so a screen reader cannot read the text in them (WCAG 1.1.1 Non-text Content). You can ask for their content to be read out in the call.',
    'The specialist must record the outcome of a session within a time limit (two minutes by default). The user cannot extend it, and when it runs out the outcome is left unrecorded (WCAG 2.2.1 Timing Adjustable). The time left is shown as a countdown.',
  ],
  assessedHeading: 'How accessibility was assessed',
  assessed: [
    'The statement is based on a self-assessment by the developers of the service. No external assessment has been made.',
    'Automated tests open the apps’ screens in the Chromium browser and check them with the axe-core tool against the WCAG 2.1 level A and AA rules in Finnish, Swedish and English. The tests accept only screens where no violations are found.',
    'The developers have gone through the advisor’s, the specialist’s and the supervisor’s journeys in Chromium, also with the keyboard only, and reviewed screenshots of the screens.',
    'The service has not yet been tested with a screen reader.',
  ],
  date: 'This statement was prepared on {{date}}.',
  feedbackHeading: 'Feedback',
  feedback:
    'Did you notice an accessibility shortcoming, or do you need content in an accessible form? Tell the operator of the service. We reply within 14 days.',
  feedbackEmail: 'Email',
  supervisorHeading: 'Supervisory authority',
  supervisor:
    'If you notice accessibility problems in the service, first give feedback to us. If you get no reply within 14 days or are not satisfied with the reply, you can notify the supervisory authority.',
  supervisorName: 'Regional State Administrative Agency for Southern Finland',
  supervisorUnit: 'Accessibility Monitoring Unit',
  supervisorWeb: 'Website',
  supervisorEmail: 'Email',
};
