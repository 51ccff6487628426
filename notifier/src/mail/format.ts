import type { EventFacts, SeatFacts } from '@ticketing/booking/read-models';

export function money(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** The event's local time, as printed on the ticket. */
export function when(event: EventFacts): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: event.timezone }).format(
      event.startsAt,
    );
  } catch {
    return event.startsAt.toISOString();
  }
}

export function venue(event: EventFacts): string {
  return [event.venueName, event.address, event.city].filter((part) => part !== '').join(', ');
}

export function place(seat: SeatFacts): string {
  if (seat.sectionKind === 'general') return `${seat.sectionName} · General admission`;
  return [seat.sectionName, seat.rowLabel && `Row ${seat.rowLabel}`, `Seat ${seat.seatLabel}`]
    .filter(Boolean)
    .join(' · ');
}
