/**
 * How an advisor proves who they are at a point. The rest of the system only needs the person it
 * resolves to; the way there is a provider behind this interface. Today it is the account's
 * password; a Suomi.fi e-Identification (SAML) or OIDC provider replaces it by resolving the
 * person from the identity provider's assertion (a redirect round trip ending in a callback route
 * that calls `AdvisorSessions.signIn` for the same point), see docs/security.md "Advisors".
 */
import type { AdvisorPasswordSignIn } from '@etapiste/protocol';
import { verifySecret } from '../auth/secrets.js';
import type { Directory } from '../directory/directory.js';
import type { SeedUser } from '../directory/seed.js';

export interface AdvisorAuthenticator {
  /** Which credentials this provider takes (`password`, later `suomifi-saml`, `oidc`). */
  readonly method: string;
  /** The person the credentials prove, or undefined when they prove nobody. */
  authenticate(credentials: AdvisorPasswordSignIn): Promise<SeedUser | undefined>;
}

export class PasswordAdvisorAuthenticator implements AdvisorAuthenticator {
  readonly method = 'password';

  constructor(private readonly directory: Directory) {}

  async authenticate({ username, password }: AdvisorPasswordSignIn): Promise<SeedUser | undefined> {
    const user = this.directory.userByUsername(username);
    // verifySecret runs (against a dummy hash) also for unknown names: timing tells nothing.
    return (await verifySecret(user?.passwordHash, password)) ? user : undefined;
  }
}
