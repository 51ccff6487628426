/** The authenticated caller, as read from a verified access token. */
export interface Principal {
  /** The identity provider's subject: the user's stable id. */
  id: string;
  roles: readonly string[];
  username: string | undefined;
  email: string | undefined;
  /** Whether the identity provider has verified `email` (`email_verified`); absent is not verified. */
  emailVerified?: boolean;
  name: string | undefined;
  /** The client the token was issued to (`azp`). */
  clientId: string | undefined;
}

export interface Authenticator {
  verify(token: string): Promise<Principal>;
}

export const roles = ['fan', 'organizer', 'admin', 'gate'] as const;
export type Role = (typeof roles)[number];
