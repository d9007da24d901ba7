/**
 * A supervisor joining a call from the wallboard (agent-console/src/supervise), in Finnish, Swedish
 * and English; merged into the console's resources under `supervise`. Roles and the join and leave
 * sentences everyone in a call sees are shared (packages/ui, namespace `participants`).
 */

const fi = {
  liveHeading: 'Käynnissä olevat palvelutapahtumat',
  liveCaption:
    'Virastojesi käynnissä olevat palvelutapahtumat. Voit liittyä puheluun; kaikki osallistujat näkevät sen.',
  none: 'Ei käynnissä olevia palvelutapahtumia.',
  column: {
    point: 'Asiointipiste',
    queue: 'Virasto ja kieli',
    expert: 'Asiantuntija',
    duration: 'Kesto',
    supervisor: 'Esihenkilö mukana',
    action: 'Toiminto',
  },
  join: 'Liity puheluun',
  joinLabel: 'Liity puheluun: {{point}}, {{expert}}',
  confirm: {
    heading: 'Liitytäänkö puheluun?',
    body: 'Kaikki puhelussa olevat – myös asiakas – näkevät ja kuulevat, että liityit, ja nimesi näkyy heille. Mikrofonisi on pois päältä, kunnes otat sen käyttöön.',
    yes: 'Liity',
    no: 'Peruuta',
  },
  call: {
    heading: 'Puhelu: {{point}}, {{expert}}',
    micOff: 'Mikrofonisi on pois päältä. Muut eivät kuule sinua.',
    micOn: 'Mikrofonisi on päällä. Muut kuulevat sinut.',
    unmute: 'Ota mikrofoni käyttöön',
    mute: 'Mykistä mikrofoni',
    cameraOff: 'Sulje kamera',
    cameraOn: 'Avaa kamera',
    leave: 'Poistu puhelusta',
    connecting: 'Yhdistetään…',
    ended: 'Palvelutapahtuma päättyi.',
    back: 'Takaisin tilannekuvaan',
    documentCamera: 'asiakirjakamera',
    screen: 'jaettu näyttö',
  },
};

type SuperviseTexts = typeof fi;

const sv: SuperviseTexts = {
  liveHeading: 'Pågående möten',
  liveCaption: 'Pågående möten hos dina myndigheter. Du kan ansluta till samtalet; alla deltagare ser det.',
  none: 'Inga pågående möten.',
  column: {
    point: 'Serviceställe',
    queue: 'Myndighet och språk',
    expert: 'Sakkunnig',
    duration: 'Längd',
    supervisor: 'Chef med',
    action: 'Åtgärd',
  },
  join: 'Anslut till samtalet',
  joinLabel: 'Anslut till samtalet: {{point}}, {{expert}}',
  confirm: {
    heading: 'Ansluta till samtalet?',
    body: 'Alla i samtalet – även kunden – ser och hör att du anslöt, och ditt namn visas för dem. Din mikrofon är av tills du slår på den.',
    yes: 'Anslut',
    no: 'Avbryt',
  },
  call: {
    heading: 'Samtal: {{point}}, {{expert}}',
    micOff: 'Din mikrofon är av. De andra hör dig inte.',
    micOn: 'Din mikrofon är på. De andra hör dig.',
    unmute: 'Slå på mikrofonen',
    mute: 'Stäng av mikrofonen',
    cameraOff: 'Stäng av kameran',
    cameraOn: 'Slå på kameran',
    leave: 'Lämna samtalet',
    connecting: 'Ansluter…',
    ended: 'Mötet har avslutats.',
    back: 'Tillbaka till lägesbilden',
    documentCamera: 'dokumentkamera',
    screen: 'delad skärm',
  },
};

const en: SuperviseTexts = {
  liveHeading: 'Sessions in progress',
  liveCaption: "Your agencies' sessions in progress. You may join a call; everyone in it sees that you did.",
  none: 'No sessions in progress.',
  column: {
    point: 'Service point',
    queue: 'Agency and language',
    expert: 'Specialist',
    duration: 'Duration',
    supervisor: 'Supervisor in',
    action: 'Action',
  },
  join: 'Join the call',
  joinLabel: 'Join the call: {{point}}, {{expert}}',
  confirm: {
    heading: 'Join the call?',
    body: 'Everyone in the call – the customer included – sees and hears that you joined, and sees your name. Your microphone stays off until you turn it on.',
    yes: 'Join',
    no: 'Cancel',
  },
  call: {
    heading: 'Call: {{point}}, {{expert}}',
    micOff: 'Your microphone is off. The others cannot hear you.',
    micOn: 'Your microphone is on. The others can hear you.',
    unmute: 'Turn the microphone on',
    mute: 'Mute the microphone',
    cameraOff: 'Turn the camera off',
    cameraOn: 'Turn the camera on',
    leave: 'Leave the call',
    connecting: 'Connecting…',
    ended: 'The session has ended.',
    back: 'Back to the wallboard',
    documentCamera: 'document camera',
    screen: 'shared screen',
  },
};

export const supervise = { fi, sv, en };
