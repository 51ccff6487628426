/** Money and dates as a visitor reads them; the locale is fixed so server and browser render alike. */
const locale = 'en-GB';

export function formatMoney(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    // An unknown currency code still shows the amount.
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** The event's local time when its venue's time zone is known. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, options).format(date);
  }
}
