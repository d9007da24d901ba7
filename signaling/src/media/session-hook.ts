/**
 * The queue tells one listener about sessions (its notifier). This wraps that listener so a
 * session that ends also ends its specialist's media grant, without the queue knowing about media.
 */
import type { Session } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { ScriptReport } from '../queue/commands.js';
import type { QueueListener, SessionEndedReport } from '../queue/queue-service.js';
import type { MediaService } from './media-service.js';

export class MediaSessionHook implements QueueListener {
  constructor(
    private readonly inner: QueueListener,
    private readonly media: MediaService,
    private readonly log: FastifyBaseLogger,
  ) {}

  onReport(report: ScriptReport): Promise<void> {
    return this.inner.onReport(report);
  }

  onSessionStarted(session: Session): Promise<void> {
    return this.inner.onSessionStarted(session);
  }

  async onSessionEnded(ended: SessionEndedReport): Promise<void> {
    await this.inner.onSessionEnded(ended);
    await this.media
      .onSessionEnded(ended.sessionId)
      .catch((error: unknown) => this.log.warn({ err: error, sessionId: ended.sessionId }, 'media grant not ended'));
  }

  onTransactionRecorded(): void {
    this.inner.onTransactionRecorded();
  }

  onDemandDenied(agency: string, language: string): void {
    this.inner.onDemandDenied(agency, language);
  }
}
