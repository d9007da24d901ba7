/**
 * An app's long-lived collaborators: one token store and one signaling connection per page, the
 * tokens kept on the device under the app's own key.
 */
import {
  AuthApi,
  browserStorage,
  DocumentsApi,
  SessionTokens,
  SignalingClient,
  type SignalingClientOptions,
} from '@etapiste/call-client';

export const APP_VERSION = '0.1.0';

export interface AppServices {
  authApi: AuthApi;
  sessionTokens: SessionTokens;
  /** Documents shared in a session, over HTTP with this page's token. */
  documentsApi: DocumentsApi;
  createSignaling(): SignalingClient;
}

export function createAppServices(app: SignalingClientOptions['app'], tokenKey: string): AppServices {
  const authApi = new AuthApi();
  const sessionTokens = new SessionTokens(authApi, browserStorage(tokenKey));
  return {
    authApi,
    sessionTokens,
    documentsApi: new DocumentsApi(sessionTokens),
    createSignaling: () => new SignalingClient({ tokens: sessionTokens, app, appVersion: APP_VERSION }),
  };
}
