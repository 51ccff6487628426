export {
  createIdentityProvider,
  ProductionRefusedError,
  startIdentityProvider,
  type IdentityProvider,
  type IdentityProviderOptions,
  type RunningIdentityProvider,
  type StartOptions,
} from './composition.ts';
export {
  clientCredentials,
  passwordGrant,
  tokenEndpoint,
  TokenRequestError,
  type ClientCredentialsRequest,
  type PasswordGrantRequest,
  type TokenResponse,
} from './client.ts';
export {
  loadTestEmail,
  loadTestUserId,
  loadTestUsername,
  parseLoadTestUserId,
  parseLoadTestUsername,
} from './load-test-users.ts';
export { defaultRealmFile, loadRealmExport, parseRealmExport, type RealmExport } from './realm.ts';
export { generateSigningKey, publicJwksOf, type PrivateJwks, type PublicJwks } from './signing-keys.ts';
export type { LoadTestUsersOptions, UserAccount } from './accounts.ts';
