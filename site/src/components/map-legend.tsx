import type { PriceTier } from '../lib/catalog.ts';
import { formatMoney } from '../lib/format.ts';

export interface MapLegendProps {
  tiers: PriceTier[];
  colourOf: (tierId: string) => string;
}

/** What the seat map's colours mean: a price per tier, taken seats, the fan's own choice. */
export function MapLegend({ tiers, colourOf }: MapLegendProps) {
  return (
    <ul class="legend" aria-label="Legend">
      {tiers.map((tier) => (
        <li key={tier.id}>
          <span class="tier-dot" style={{ background: colourOf(tier.id) }} aria-hidden="true" />
          {tier.name} {formatMoney(tier.priceCents, tier.currency)}
        </li>
      ))}
      <li>
        <span class="tier-dot taken" aria-hidden="true" />
        Taken
      </li>
      <li>
        <span class="tier-dot chosen" aria-hidden="true" />
        Your choice
      </li>
    </ul>
  );
}
