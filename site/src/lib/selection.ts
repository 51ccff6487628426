import type { Hold } from './api/booking.ts';
import type { PriceTier } from './catalog.ts';
import { formatMoney } from './format.ts';
import type { SeatLayout } from './seat-layout.ts';

/** One line of the selection panel: a seat, or a number of standing places. */
export interface SelectionLine {
  key: string;
  text: string;
  price: string;
  onRemove?: () => void;
}

export interface SelectionInput {
  layout: SeatLayout;
  tiers: PriceTier[];
  hold: Hold | undefined;
  selected: ReadonlySet<string>;
  quantities: ReadonlyMap<string, number>;
  onRemoveSeat: (seatId: string) => void;
  onRemoveStanding: () => void;
}

/** The lines and total the fan sees: what the hold took once there is one, otherwise what they picked. */
export function selectionLines(input: SelectionInput): { lines: SelectionLine[]; totalCents: number } {
  const { layout, hold } = input;
  const tiers = new Map(input.tiers.map((t) => [t.id, t]));
  const currency = input.tiers[0]?.currency ?? 'EUR';
  const sectionOf = (id: string) => layout.sections.find((s) => s.id === id);
  const sectionName = (id: string) => sectionOf(id)?.name ?? 'Section';
  const seats = new Map(layout.seats.map((s) => [s.id, s]));

  if (hold) {
    return {
      lines: hold.seats.map((s) => ({
        key: s.seatId,
        text: s.row
          ? `${sectionName(s.sectionId)}, row ${s.row}, seat ${s.label}`
          : `${sectionName(s.sectionId)}, standing`,
        price: formatMoney(s.priceCents, currency),
      })),
      totalCents: hold.seats.reduce((sum, s) => sum + s.priceCents, 0),
    };
  }
  const lines: SelectionLine[] = [];
  let totalCents = 0;
  for (const id of input.selected) {
    const seat = seats.get(id);
    const tier = seat ? tiers.get(seat.tierId) : undefined;
    totalCents += tier?.priceCents ?? 0;
    lines.push({
      key: id,
      text: seat ? `${sectionName(seat.sectionId)}, row ${seat.row}, seat ${seat.label}` : 'A seat',
      price: tier ? formatMoney(tier.priceCents, tier.currency) : '',
      onRemove: () => input.onRemoveSeat(id),
    });
  }
  for (const [sectionId, quantity] of input.quantities) {
    const tier = tiers.get(sectionOf(sectionId)?.tierId ?? '');
    totalCents += (tier?.priceCents ?? 0) * quantity;
    lines.push({
      key: sectionId,
      text: `${sectionName(sectionId)}, standing × ${quantity}`,
      price: tier ? formatMoney(tier.priceCents * quantity, tier.currency) : '',
      onRemove: input.onRemoveStanding,
    });
  }
  return { lines, totalCents };
}
