/** Price tiers get colours in price order, dearest first, the same on the event page, the map and its legend. */
const palette = ['#7c3aed', '#0e7490', '#c2410c', '#15803d', '#be185d', '#1d4ed8', '#a16207'];

export function tierColour(tiers: ReadonlyArray<{ id: string; priceCents: number }>, tierId: string): string {
  const ordered = [...tiers].sort((a, b) => b.priceCents - a.priceCents || a.id.localeCompare(b.id));
  const index = ordered.findIndex((t) => t.id === tierId);
  return palette[(index < 0 ? 0 : index) % palette.length] ?? '#4338ca';
}
