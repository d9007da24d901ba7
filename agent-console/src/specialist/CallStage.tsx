import type { Session } from '@etapiste/protocol';
import { useTranslation } from 'react-i18next';
import { CameraIcon } from '../shared/icons.js';

/**
 * Where the call's media goes: the customer's video large, the document camera (enlargeable), the
 * point's screen share, the specialist's own preview, mute / camera and connection quality. The
 * media module of `@etapiste/call-client` plugs in here; until it is wired, the stage keeps its
 * place in the layout and says that video is not connected.
 */
export function CallStage({ session }: { session: Session }) {
  const { t } = useTranslation();
  return (
    <section className="call-stage" aria-labelledby="call-stage-heading" data-session={session.sessionId}>
      <h3 id="call-stage-heading" className="visually-hidden">
        {t('session.video')}
      </h3>
      <div className="call-stage__remote">
        <p className="call-stage__placeholder">
          <span className="call-stage__icon">
            <CameraIcon />
          </span>
          {t('session.videoPending')}
        </p>
      </div>
    </section>
  );
}
