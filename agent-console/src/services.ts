/** The console's long-lived collaborators: one token store and one signaling connection per page. */
import { createAppServices } from '@etapiste/ui';

export const { authApi, sessionTokens, documentsApi, createSignaling } = createAppServices(
  'agent-console',
  'etapiste.console.session',
);
