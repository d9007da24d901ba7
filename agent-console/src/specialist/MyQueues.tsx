import type { Skill } from '@etapiste/protocol';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { formatDuration } from '../shared/time.js';
import { longestWaitNow, type QueueGlances, queueKey } from './useQueueGlance.js';

/**
 * The specialist's own queues (one per skill, agency × language): how many customers wait, the
 * longest wait (ticking live) and how many specialists are available of those at work.
 */
export function MyQueues(props: { skills: readonly Skill[]; queues: QueueGlances; names: Names; now: number }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="my-queues-heading">
      <h2 id="my-queues-heading">{t('queues.heading')}</h2>
      <table className="my-queues">
        <caption className="visually-hidden">{t('queues.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('queues.queue')}</th>
            <th scope="col">{t('queues.waiting')}</th>
            <th scope="col">{t('queues.longestWait')}</th>
            <th scope="col">{t('queues.specialists')}</th>
          </tr>
        </thead>
        <tbody>
          {props.skills.map((skill) => {
            const queue = props.queues.get(queueKey(skill.agency, skill.language));
            return (
              <tr key={queueKey(skill.agency, skill.language)} data-waiting={queue?.waiting ? true : undefined}>
                <th scope="row">
                  {props.names.agency(skill.agency)} – {t(`common:language.name.${skill.language}`)}
                </th>
                <td>{queue ? queue.waiting : '–'}</td>
                <td>
                  {queue?.waiting ? <span role="timer">{formatDuration(longestWaitNow(queue, props.now))}</span> : '–'}
                </td>
                <td>{queue ? t('queues.atWork', { available: queue.available, online: queue.online }) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
