import type { Directory } from '@etapiste/protocol';
import { ErrorMessage, Video } from '@etapiste/ui';
import { useState } from 'react';
import { Button, Label, ListBox, ListBoxItem, Meter, Popover, Select, SelectValue, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CameraIcon, SpeakerIcon } from '../components/icons.js';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { playTestSound, useAudioLevel } from '../media/audio.js';
import type { PointMedia } from '../media/usePointMedia.js';
import type { Draft } from '../visit/visit-state.js';
import { ChoiceSummary } from './ChoiceSummary.js';

interface Props {
  draft: Draft;
  directory: Directory;
  media: PointMedia;
  busy: boolean;
  error: unknown;
  onBack(): void;
  onRequest(): void;
}

const NO_DOCUMENT_CAMERA = 'none';

/**
 * Before queueing: the customer sees themselves, the microphone meter moves when they speak, the
 * speakers play a test sound, the cameras are chosen (one may be the document camera) and the
 * connection to the video service is tried. Each problem is said in plain words with what to do.
 */
export function DeviceCheckScreen({ draft, directory, media, busy, error, onBack, onRequest }: Props) {
  const { t } = useTranslation();
  const level = useAudioLevel(media.microphone);
  const [soundPlayed, setSoundPlayed] = useState(false);
  const cameraName = (d: MediaDeviceInfo, i: number) => d.label || t('check.cameraN', { n: i + 1 });

  return (
    <section aria-labelledby="check-heading" className="check">
      <div className="screen-top">
        <ScreenHeading id="check-heading">{t('check.heading')}</ScreenHeading>
        <ChoiceSummary draft={draft} directory={directory} />
      </div>
      <p className="lead">{t('check.intro')}</p>
      <div className="check__grid">
        <div className="card check__camera">
          <h2>{t('check.cameraHeading')}</h2>
          <div className="preview">
            {media.camera ? (
              <Video track={media.camera} label={t('check.preview')} className="preview__video" mirrored />
            ) : (
              <p className="preview__empty">
                <CameraIcon off />
                {media.problems.camera ? t('check.noPreview') : t('check.starting')}
              </p>
            )}
          </div>
          {media.problems.camera && (
            <p className="problem" role="alert">
              {t(`check.problem.camera.${media.problems.camera}`)}
            </p>
          )}
          {media.cameras.length > 1 && (
            <DeviceSelect
              label={t('check.chooseCamera')}
              selected={media.choice.cameraId ?? media.camera?.getSettings().deviceId}
              options={media.cameras.map((d, i) => ({ id: d.deviceId, name: cameraName(d, i) }))}
              onChange={(id) => void media.chooseCamera(id)}
            />
          )}
          <DeviceSelect
            label={t('check.documentCamera')}
            description={t('check.documentCameraHelp')}
            selected={media.choice.documentCameraId ?? NO_DOCUMENT_CAMERA}
            options={[
              { id: NO_DOCUMENT_CAMERA, name: t('check.noDocumentCamera') },
              ...media.cameras.map((d, i) => ({ id: d.deviceId, name: cameraName(d, i) })),
            ]}
            onChange={(id) => media.chooseDocumentCamera(id === NO_DOCUMENT_CAMERA ? undefined : id)}
          />
        </div>

        <div className="card check__sound">
          <h2>{t('check.soundHeading')}</h2>
          <Meter value={level} className="level" aria-describedby="level-help">
            {({ percentage }) => (
              <>
                <Label className="level__label">{t('check.micLevel')}</Label>
                <div className="level__bar">
                  <div className="level__fill" style={{ width: `${percentage}%` }} />
                </div>
              </>
            )}
          </Meter>
          <p id="level-help" className="help">
            {t('check.micLevelHelp')}
          </p>
          {media.problems.microphone && (
            <p className="problem" role="alert">
              {t(`check.problem.microphone.${media.problems.microphone}`)}
            </p>
          )}
          {media.microphones.length > 1 && (
            <DeviceSelect
              label={t('check.chooseMicrophone')}
              selected={media.choice.microphoneId ?? media.microphone?.getSettings().deviceId}
              options={media.microphones.map((d, i) => ({
                id: d.deviceId,
                name: d.label || t('check.microphoneN', { n: i + 1 }),
              }))}
              onChange={(id) => void media.chooseMicrophone(id)}
            />
          )}
          <Button
            data-variant="secondary"
            className="react-aria-Button button--icon"
            onPress={() => setSoundPlayed(playTestSound())}
          >
            <SpeakerIcon />
            {t('check.testSound')}
          </Button>
          <p className="help" aria-live="polite">
            {soundPlayed ? t('check.testSoundPlayed') : t('check.testSoundHelp')}
          </p>

          <h2>{t('check.connectionHeading')}</h2>
          <p className={`check__connection check__connection--${media.connectionCheck}`} role="status">
            {t(`check.connection.${media.connectionCheck}`)}
          </p>
          {media.connectionCheck === 'failed' && (
            <Button data-variant="secondary" onPress={media.recheck}>
              {t('check.recheck')}
            </Button>
          )}
        </div>
      </div>
      <ErrorMessage error={error ?? media.error} />
      <div className="actions">
        <Button data-variant="secondary" onPress={onBack}>
          {t('actions.back')}
        </Button>
        <Button className="react-aria-Button button--large" onPress={onRequest} isDisabled={busy}>
          {t('check.request')}
        </Button>
      </div>
    </section>
  );
}

function DeviceSelect(props: {
  label: string;
  description?: string;
  selected: string | undefined;
  options: { id: string; name: string }[];
  onChange(id: string): void;
}) {
  return (
    <Select
      className="field device-select"
      selectedKey={props.selected ?? null}
      onSelectionChange={(key) => key !== null && props.onChange(String(key))}
    >
      <Label>{props.label}</Label>
      <Button className="react-aria-Button select-button" data-variant="secondary">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      {props.description && (
        <Text slot="description" className="help">
          {props.description}
        </Text>
      )}
      <Popover>
        <ListBox className="listbox">
          {props.options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} className="listbox__item">
              {o.name}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
