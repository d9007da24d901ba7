/** The app's long-lived collaborators: one token store and one signaling connection per page. */
import { AuthApi, browserStorage, SessionTokens, SignalingClient } from '@etapiste/call-client';

export const APP_VERSION = '0.1.0';
export const authApi = new AuthApi();
export const sessionTokens = new SessionTokens(authApi, browserStorage('etapiste.console.session'));

export function createSignaling(): SignalingClient {
  return new SignalingClient({ tokens: sessionTokens, app: 'agent-console', appVersion: APP_VERSION });
}
