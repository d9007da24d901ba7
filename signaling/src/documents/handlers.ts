/** `document:list`: the documents shared in a session so far, for its two sides. */
import type { CommandRouter } from '../realtime/command-router.js';
import { sessionOfMember } from '../sessions/session-membership.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { DocumentStore } from './document-store.js';

export function registerDocumentHandlers(
  router: CommandRouter,
  sessions: SessionStore,
  documents: () => DocumentStore | undefined,
): void {
  router.handle('document:list', async ({ principal }, { sessionId }) => {
    await sessionOfMember(sessions, principal, sessionId);
    return { sessionId, documents: (await documents()?.list(sessionId)) ?? [] };
  });
}
