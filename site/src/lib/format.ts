/**
 * Money, dates and durations as a fan reads them. Every date is shown in
 * the event's venue time zone with the zone's name, whichever page shows it
 * and wherever the server or the fan is; the locale is fixed so the server
 * and the browser write the same text.
 */
const locale = 'en-GB';

export function formatMoney(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    // An unknown currency code still shows the amount.
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    // An unknown zone name: UTC, said as such, rather than the server's own zone.
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  }
}

function valid(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "Saturday 9 January 2027, 20:00 CET": the full form, for an event page or a ticket. */
export function formatDateTime(iso: string, timeZone: string): string {
  const date = valid(iso);
  if (!date) return iso;
  return formatter(timeZone, { dateStyle: 'full', timeStyle: 'short' }).format(date) + ` ${zoneName(date, timeZone)}`;
}

/** "Sat 9 Jan 2027, 20:00 CET": the short form, for lists and cards. */
export function formatShortDateTime(iso: string, timeZone: string): string {
  const date = valid(iso);
  if (!date) return iso;
  const text = formatter(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  return `${text} ${zoneName(date, timeZone)}`;
}

/** Day and month parts for a date badge. */
export function dateBadge(iso: string, timeZone: string): { day: string; month: string } {
  const date = valid(iso) ?? new Date(0);
  const parts = formatter(timeZone, { day: 'numeric', month: 'short' }).formatToParts(date);
  return {
    day: parts.find((p) => p.type === 'day')?.value ?? '',
    month: parts.find((p) => p.type === 'month')?.value ?? '',
  };
}

/** The zone's short name at that moment ("CET", "CEST", "GMT+1"). */
export function zoneName(date: Date, timeZone: string): string {
  return (
    formatter(timeZone, { timeZoneName: 'short' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** "3 min 05 s", "45 s", "2 h 10 min": a wait or a time left, to the second. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** "about 2 minutes": an estimate, rounded so it does not flicker every second. */
export function formatEstimate(totalSeconds: number | null): string {
  if (totalSeconds === null) return 'unknown';
  if (totalSeconds < 45) return 'less than a minute';
  const minutes = Math.round(totalSeconds / 60);
  if (minutes < 60) return minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'about an hour' : `about ${hours} hours`;
}
