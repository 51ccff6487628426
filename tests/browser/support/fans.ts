import { passwordGrant, loadTestUserId } from '@ticketing/identity';
import { waitUntil } from '../../e2e/support/poll.ts';

/**
 * Fans who take part through the API only: they fill the line ahead of the
 * fan in the browser, or take a seat from them. Load-test users of the
 * development identity provider, signed in with the password grant.
 */
export interface ApiFan {
  id: string;
  token: string;
}

export async function apiFan(issuer: string, n: number): Promise<ApiFan> {
  const username = `loadtest-${String(n).padStart(5, '0')}`;
  const tokens = await passwordGrant({ issuer, clientId: 'loadtest', username, password: 'loadtest' });
  return { id: loadTestUserId(n), token: tokens.access_token };
}

export function loadTestName(n: number): string {
  return `loadtest-${String(n).padStart(5, '0')}`;
}

async function call(
  url: string,
  fan: ApiFan,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${fan.token}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

export async function joinLine(waitingRoom: string, dropId: string, fan: ApiFan): Promise<Record<string, unknown>> {
  const answer = await call(`${waitingRoom}/drops/${dropId}/queue`, fan, { method: 'POST' });
  if (answer.status >= 300) throw new Error(`join answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Waits for the fan's admission (polling `/queue/me`, which is also their heartbeat) and returns the token. */
export async function admission(waitingRoom: string, dropId: string, fan: ApiFan): Promise<string> {
  const answer = await waitUntil(
    'an admission',
    () => call(`${waitingRoom}/drops/${dropId}/queue/me`, fan),
    (a) => a.body.state === 'admitted',
    { everyMs: 250 },
  );
  return String(answer.body.admissionToken);
}

export async function holdSeats(
  booking: string,
  fan: ApiFan,
  admissionToken: string,
  body: { eventId: string; dropId: string; seatIds: string[] },
) {
  return call(`${booking}/holds`, fan, { method: 'POST', body, headers: { 'Admission-Token': admissionToken } });
}
