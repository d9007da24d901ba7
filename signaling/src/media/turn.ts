/**
 * TURN servers for the browsers, with time-limited credentials in coturn's REST API form
 * (`use-auth-secret`): username `<expiry unix seconds>:<id>`, password base64(HMAC-SHA1(secret,
 * username)). Nothing is stored: coturn checks the HMAC and the expiry itself. See infra/turn/.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '@etapiste/protocol';

export interface TurnSettings {
  urls: string[];
  secret: string | undefined;
  ttlSeconds: number;
}

export function turnIceServers(settings: TurnSettings, participantId: string, now = Date.now()): IceServer[] {
  if (settings.urls.length === 0 || !settings.secret) return [];
  const expiry = Math.floor(now / 1000) + settings.ttlSeconds;
  // coturn splits the username at the first ':'; the id itself must not carry one.
  const username = `${expiry}:${participantId.replaceAll(':', '-')}`;
  const credential = createHmac('sha1', settings.secret).update(username).digest('base64');
  return [{ urls: settings.urls, username, credential }];
}

export function parseTurnUrls(list: string): string[] {
  return list
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}
