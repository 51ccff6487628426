/**
 * The scanner's calls to the platform, through the site's `/api/gate/*`
 * routes with the steward's session: JSON in and out, and a deadline, since
 * a venue's network can hang rather than fail.
 */
const onlineTimeoutMs = 8_000;

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    ...init,
    headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) },
    signal: AbortSignal.timeout(onlineTimeoutMs),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : {} };
}

/** The platform's reason for refusing a scan, in its words. */
export function messageOf(body: unknown): string {
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : 'The platform refused this scan.';
}
