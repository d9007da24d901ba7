/** The point app's own texts. Plain words: the customer may read them too. */
import type { AppResources } from '@etapiste/ui';

export const resources = {
  fi: {
    title: 'Etäpiste',
    subtitle: 'Etäpalvelu asiointipisteessä',
    signIn: {
      heading: 'Ota asiointipisteen laite käyttöön',
      intro: 'Laite otetaan käyttöön kerran. Saat pisteen tunnuksen ja avaimen ylläpitäjältä.',
      pointId: 'Asiointipisteen tunnus',
      pointIdHelp: 'Esimerkiksi mikkeli',
      pointKey: 'Laitteen avain',
      submit: 'Ota käyttöön',
      required: 'Täytä tämä kenttä.',
    },
    ready: {
      heading: 'Asiointipiste on valmis',
      point: 'Asiointipiste',
      municipality: 'Kunta',
      agencies: 'Etäpalvelussa mukana olevat virastot',
      languages: 'Palvelukielet',
    },
  },
  sv: {
    title: 'Etäpiste',
    subtitle: 'Distansservice vid servicepunkten',
    signIn: {
      heading: 'Ta servicepunktens enhet i bruk',
      intro: 'Enheten tas i bruk en gång. Servicepunktens kod och nyckel får du av administratören.',
      pointId: 'Servicepunktens kod',
      pointIdHelp: 'Till exempel parainen',
      pointKey: 'Enhetens nyckel',
      submit: 'Ta i bruk',
      required: 'Fyll i det här fältet.',
    },
    ready: {
      heading: 'Servicepunkten är klar',
      point: 'Servicepunkt',
      municipality: 'Kommun',
      agencies: 'Myndigheter som deltar i distansservicen',
      languages: 'Servicespråk',
    },
  },
  en: {
    title: 'Etäpiste',
    subtitle: 'Remote service at the service point',
    signIn: {
      heading: 'Set up the service point device',
      intro: 'The device is set up once. The administrator gives you the point id and key.',
      pointId: 'Service point id',
      pointIdHelp: 'For example mikkeli',
      pointKey: 'Device key',
      submit: 'Set up',
      required: 'Fill in this field.',
    },
    ready: {
      heading: 'The service point is ready',
      point: 'Service point',
      municipality: 'Municipality',
      agencies: 'Agencies taking part in remote service',
      languages: 'Service languages',
    },
  },
} satisfies AppResources;
