/** The point app's long-lived collaborators: one token store and one signaling connection per page. */
import { createAppServices } from '@etapiste/ui';

export const { authApi, sessionTokens, documentsApi, createSignaling } = createAppServices(
  'point-client',
  'etapiste.point.session',
);
