import { scanAnswer, type ScanAnswer, type ScanInput } from '@ticketing/common/contracts/gate';

/**
 * The venue's gate hub, as a phone reaches it: straight from the browser
 * over the venue's network (the site's server is on the internet and cannot
 * see the LAN), with the hub's device key as a bearer token, and CORS on the
 * hub for the scanner page's origin (docs/gate-hub.md). It answers the
 * platform's own paths, so the phone asks it what it would ask the platform.
 */
export interface HubSetup {
  /** The hub's base URL, as the steward typed it, without a trailing slash. */
  url: string;
  key: string;
}

/** Whether the hub answered last time: `refused` means it does not take this phone's key or event. */
export type HubState = 'none' | 'unknown' | 'answering' | 'unreachable' | 'refused';

const hubTimeoutMs = 3_000;

/** The hub's address as the steward typed it, checked; or why the phone cannot use it. */
export function hubAddress(
  typed: string,
  pageProtocol: string,
): { ok: true; url: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(typed.includes('://') ? typed : `http://${typed}`);
  } catch {
    return { ok: false, problem: 'The hub address is not a web address (for example http://192.168.1.20:4014).' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: 'The hub address must start with http:// or https://.' };
  }
  // A page served over HTTPS may not call plain HTTP (mixed content): the browser would block every call.
  if (pageProtocol === 'https:' && url.protocol === 'http:') {
    return {
      ok: false,
      problem: 'This page is served over HTTPS, so the hub must be reached over HTTPS too (https://…).',
    };
  }
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** The hub's path for a platform path the scanner uses (`/scans`, `/events/:id/list`, `/keys`). */
function hubPath(path: string): string {
  return path === '/scans' ? '/scans' : `/gate${path}`;
}

/** One call to the hub; throws when it does not answer in time. */
export async function callHub(
  hub: HubSetup,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${hub.url}${path.startsWith('/hub/') ? path : hubPath(path)}`, {
    method: init.method ?? 'GET',
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${hub.key}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(hubTimeoutMs),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : {} };
}

/** What an answer from the hub says of the hub itself. */
export function hubStateOf(status: number): HubState {
  // 401: not the hub's key; 409: the hub admits to another event. Both need the steward to fix the setup.
  if (status === 401 || status === 403 || status === 409) return 'refused';
  return status < 500 ? 'answering' : 'unreachable';
}

/** A scan put to the hub, which decides it for every phone on it and keeps it to upload. */
export async function scanAtHub(
  hub: HubSetup,
  input: ScanInput,
): Promise<{ state: HubState; answer: ScanAnswer | undefined }> {
  try {
    const answer = await callHub(hub, '/scans', { method: 'POST', body: input });
    const parsed = scanAnswer.safeParse(answer.body);
    return {
      state: hubStateOf(answer.status),
      answer: answer.status === 200 && parsed.success ? parsed.data : undefined,
    };
  } catch {
    return { state: 'unreachable', answer: undefined };
  }
}
