/* global console */
import http from 'k6/http';
import { check } from 'k6';
import { config } from './config.js';

// Load-test users: loadtest-00001 … (five digits at least), one shared password,
// role fan. Keycloak gets them from ansible/loadtest-users.yml; the development
// identity provider generates them.
export function loadTestUsername(n) {
  return `loadtest-${String(n).padStart(5, '0')}`;
}

/**
 * Signs fan number n in with the password grant of the `loadtest` client.
 * Returns a session, or undefined when the issuer refused (counted by checks).
 */
export function signIn(n) {
  const response = http.post(
    `${config.issuer}/protocol/openid-connect/token`,
    {
      grant_type: 'password',
      client_id: config.clientId,
      username: loadTestUsername(n),
      password: config.password,
      scope: 'openid',
    },
    { tags: { name: 'sign_in' } },
  );
  const ok = check(response, { 'sign-in: 200': (r) => r.status === 200 });
  if (!ok) {
    if (config.debug) console.warn(`sign-in of ${loadTestUsername(n)}: ${response.status} ${response.body}`);
    return undefined;
  }
  const body = response.json();
  return {
    n,
    accessToken: body.access_token,
    // Renew a minute early: a long wait in line outlives a 15-minute token.
    renewAt: Date.now() + Math.max(30, body.expires_in - 60) * 1000,
  };
}

/** The session, signed in again if its token is about to expire. */
export function fresh(session) {
  if (Date.now() < session.renewAt) return session;
  return signIn(session.n) || session;
}

export function bearer(session) {
  return { Authorization: `Bearer ${session.accessToken}` };
}
