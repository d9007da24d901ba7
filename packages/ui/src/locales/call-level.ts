/**
 * What a call level (call-client's network-adaptation) means, said in words to both sides: this
 * side's own level (weak network, or audio only chosen), the other side's as announced, and the
 * audio-only control. Merged into the shared texts as `common:callLevel`.
 */
import type { CallLevel } from '@etapiste/protocol';

type Reduced = Exclude<CallLevel, 'full'>;

export interface CallLevelTexts {
  /** This side: the network's level, audio only chosen, and the network good again. */
  own: Record<Reduced, string> & { chosen: string; restored: string };
  /** The other side, by who they are (`point:` or `expert:` participants). */
  peer: Record<'point' | 'expert', Record<Reduced, string> & { chosen: string }>;
  audioOnly: { label: string; hint: string };
}

export const fi: CallLevelTexts = {
  own: {
    'low-video': 'Yhteys on heikko: video näkyy heikompilaatuisena, ääni jatkuu.',
    documents: 'Yhteys on heikko: kamera on tauolla ja asiakirjakamera päivittyy hitaasti, ääni jatkuu.',
    audio: 'Yhteys on heikko: video on tauolla, ääni jatkuu.',
    chosen: 'Vain ääni on valittu: video on tauolla, ääni jatkuu.',
    restored: 'Yhteys on taas hyvä: video jatkuu.',
  },
  peer: {
    point: {
      'low-video': 'Asiointipisteen yhteys on heikko: video näkyy heikompilaatuisena, ääni jatkuu.',
      documents:
        'Asiointipisteen yhteys on heikko: kamera on tauolla ja asiakirjakamera päivittyy hitaasti, ääni jatkuu.',
      audio: 'Asiointipisteen yhteys on heikko: video on tauolla, ääni jatkuu.',
      chosen: 'Asiointipisteessä valittiin vain ääni: video on tauolla, ääni jatkuu.',
    },
    expert: {
      'low-video': 'Asiantuntijan yhteys on heikko: video näkyy heikompilaatuisena, ääni jatkuu.',
      documents: 'Asiantuntijan yhteys on heikko: kamera on tauolla, ääni jatkuu.',
      audio: 'Asiantuntijan yhteys on heikko: video on tauolla, ääni jatkuu.',
      chosen: 'Asiantuntija valitsi vain äänen: video on tauolla, ääni jatkuu.',
    },
  },
  audioOnly: {
    label: 'Vain ääni',
    hint: 'Keskeyttää videon molempiin suuntiin, kun yhteys pätkii. Ääni jatkuu.',
  },
};

export const sv: CallLevelTexts = {
  own: {
    'low-video': 'Förbindelsen är svag: videon visas i lägre kvalitet, ljudet fortsätter.',
    documents: 'Förbindelsen är svag: kameran är pausad och dokumentkameran uppdateras långsamt, ljudet fortsätter.',
    audio: 'Förbindelsen är svag: videon är pausad, ljudet fortsätter.',
    chosen: 'Endast ljud är valt: videon är pausad, ljudet fortsätter.',
    restored: 'Förbindelsen är bra igen: videon fortsätter.',
  },
  peer: {
    point: {
      'low-video': 'Servicepunktens förbindelse är svag: videon visas i lägre kvalitet, ljudet fortsätter.',
      documents:
        'Servicepunktens förbindelse är svag: kameran är pausad och dokumentkameran uppdateras långsamt, ljudet fortsätter.',
      audio: 'Servicepunktens förbindelse är svag: videon är pausad, ljudet fortsätter.',
      chosen: 'Servicepunkten valde endast ljud: videon är pausad, ljudet fortsätter.',
    },
    expert: {
      'low-video': 'Den sakkunnigas förbindelse är svag: videon visas i lägre kvalitet, ljudet fortsätter.',
      documents: 'Den sakkunnigas förbindelse är svag: kameran är pausad, ljudet fortsätter.',
      audio: 'Den sakkunnigas förbindelse är svag: videon är pausad, ljudet fortsätter.',
      chosen: 'Den sakkunniga valde endast ljud: videon är pausad, ljudet fortsätter.',
    },
  },
  audioOnly: {
    label: 'Endast ljud',
    hint: 'Pausar videon åt båda hållen när förbindelsen hackar. Ljudet fortsätter.',
  },
};

export const en: CallLevelTexts = {
  own: {
    'low-video': 'Connection is weak: video at lower quality, audio continues.',
    documents: 'Connection is weak: camera paused, document camera at a low frame rate, audio continues.',
    audio: 'Connection is weak: video paused, audio continues.',
    chosen: 'Audio only is on: video paused, audio continues.',
    restored: 'Connection is good again: video continues.',
  },
  peer: {
    point: {
      'low-video': "The service point's connection is weak: video at lower quality, audio continues.",
      documents:
        "The service point's connection is weak: camera paused, document camera at a low frame rate, audio continues.",
      audio: "The service point's connection is weak: video paused, audio continues.",
      chosen: 'The service point chose audio only: video paused, audio continues.',
    },
    expert: {
      'low-video': "The specialist's connection is weak: video at lower quality, audio continues.",
      documents: "The specialist's connection is weak: camera paused, audio continues.",
      audio: "The specialist's connection is weak: video paused, audio continues.",
      chosen: 'The specialist chose audio only: video paused, audio continues.',
    },
  },
  audioOnly: {
    label: 'Audio only',
    hint: 'Pauses video both ways when the connection stutters. Audio continues.',
  },
};
