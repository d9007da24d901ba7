import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { Directory, LiveSession, Principal, SessionParticipants } from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { useNow } from '../shared/time.js';
import { LiveSessions } from '../supervise/LiveSessions.js';
import { SupervisorCall } from '../supervise/SupervisorCall.js';
import { AgencySummary } from './AgencySummary.js';
import { Charts } from './Charts.js';
import { agencyFigures } from './live-figures.js';
import { ExpertsTable, PointsTable } from './PeopleTables.js';
import { QueueTable } from './QueueTable.js';
import { useWallboard } from './useWallboard.js';

/**
 * The supervisor's live view of their agencies: the headline figures per agency, the queues per
 * language, the sessions in progress (whose calls they may join: the call then takes the view's
 * place until they leave), the day's charts, specialists and points. Waits are counted on every
 * second here.
 */
export function Wallboard(props: {
  client: SignalingClient | undefined;
  connection: ConnectionState;
  directory: Directory | undefined;
  principal: Principal;
  names: Names;
}) {
  const { t, i18n } = useTranslation();
  const { queues, lists, history, error, clockOffsetMs } = useWallboard(props.client, props.connection);
  const browserNow = useNow(1000);
  // Waits are counted on the server's clock: the figures' times are the server's.
  const now = browserNow + clockOffsetMs;
  const [agency, setAgency] = useState('');
  const agencies = [...new Set(queues.map((q) => q.agency))].sort((a, b) =>
    props.names.agency(a).localeCompare(props.names.agency(b), i18n.language),
  );
  const shown = agency ? queues.filter((q) => q.agency === agency) : queues;
  const headline = (agency ? [agency] : agencies).map((id) => agencyFigures(id, queues, lists?.experts, now));
  const [call, setCall] = useState<{ joined: SessionParticipants; session: LiveSession }>();

  if (call) {
    return (
      <SupervisorCall
        client={props.client}
        joined={call.joined}
        session={call.session}
        names={props.names}
        onClosed={() => setCall(undefined)}
      />
    );
  }

  return (
    <div className="wallboard">
      <ErrorMessage error={error} />
      <section className="card" aria-labelledby="agencies-heading">
        <h2 id="agencies-heading">{t('home.agencies')}</h2>
        {props.principal.role === 'admin' ? (
          <p>{t('home.allAgencies')}</p>
        ) : (
          <ul className="inline-list">
            {(props.principal.agencies ?? []).map((id) => (
              <li key={id}>{props.names.agency(id)}</li>
            ))}
          </ul>
        )}
        <div className="field field--inline">
          <label htmlFor="wallboard-agency">{t('wallboard.filter')}</label>
          <select id="wallboard-agency" value={agency} onChange={(e) => setAgency(e.target.value)}>
            <option value="">{t('wallboard.allAgencies')}</option>
            {agencies.map((id) => (
              <option key={id} value={id}>
                {props.names.agency(id)}
              </option>
            ))}
          </select>
        </div>
      </section>
      <section aria-labelledby="headline-heading">
        <h2 id="headline-heading">{t('wallboard.headlineHeading')}</h2>
        <AgencySummary agencies={headline} names={props.names} />
      </section>
      <section className="card" aria-labelledby="queues-heading">
        <h2 id="queues-heading">{t('wallboard.queuesHeading')}</h2>
        <QueueTable queues={shown} names={props.names} now={now} />
      </section>
      <section className="card" aria-labelledby="live-heading">
        <h2 id="live-heading">{t('supervise.liveHeading')}</h2>
        {lists ? (
          <LiveSessions
            sessions={(lists.sessions ?? []).filter((s) => !agency || s.agency === agency)}
            client={props.client}
            names={props.names}
            now={now}
            onJoined={(joined, session) => setCall({ joined, session })}
          />
        ) : (
          <p>{t('wallboard.loading')}</p>
        )}
      </section>
      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">{t('wallboard.chartsHeading')}</h2>
        <Charts history={history} agency={agency || undefined} />
      </section>
      <div className="wallboard__lists">
        <section className="card" aria-labelledby="experts-heading">
          <h2 id="experts-heading">{t('wallboard.expertsHeading')}</h2>
          {lists ? <ExpertsTable lists={lists} names={props.names} now={now} /> : <p>{t('wallboard.loading')}</p>}
        </section>
        <section className="card" aria-labelledby="points-heading">
          <h2 id="points-heading">{t('wallboard.pointsHeading')}</h2>
          {lists ? <PointsTable lists={lists} names={props.names} now={now} /> : <p>{t('wallboard.loading')}</p>}
        </section>
      </div>
    </div>
  );
}
