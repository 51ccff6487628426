/** One reading of a drop's live numbers, as the dashboard stream sends them. */
export interface DropStats {
  dropId: string;
  at: string;
  queue: {
    available: boolean;
    waiting?: number;
    admitted?: number;
    active?: number;
    releasedPerMinute?: number;
    configuredRatePerMinute?: number;
    etaForLastSeconds?: number | null;
    soldOut?: boolean;
  };
  seats: { available: number; held: number; sold: number };
  holds: { live: number };
  revenue: Array<{ currency: string; netCents: number; grossCents: number; paidOrders: number }>;
}

/** The dashboard stream's `gates` event: an event's scans per gate over the last hour. */
export interface GateRates {
  eventId: string;
  gates: Array<{ gateId: string; scans: number; admitted: number; refused: number; admittedPerMinute: number }>;
  at: string;
}

export interface Reading {
  t: number;
  sold: number;
  waiting: number;
  held: number;
  releasedPerMinute: number;
}

/** Keeps the last fifteen minutes of readings for a drop's charts. */
export function addReading(readings: Reading[], stats: DropStats): Reading[] {
  const t = Date.parse(stats.at) / 1000;
  const next: Reading = {
    t,
    sold: stats.seats.sold,
    waiting: stats.queue.waiting ?? 0,
    held: stats.seats.held,
    releasedPerMinute: stats.queue.releasedPerMinute ?? 0,
  };
  return [...readings.filter((r) => r.t > t - 900 && r.t < t), next];
}

/** Seconds until the seats left are sold at the pace of the last few minutes; null when nothing sells. */
export function sellOutSeconds(readings: Reading[], available: number): number | null {
  const last = readings.at(-1);
  const first = readings.find((r) => last && r.t >= last.t - 300);
  if (!last || !first || last.t <= first.t || last.sold <= first.sold) return null;
  const perSecond = (last.sold - first.sold) / (last.t - first.t);
  return Math.round(available / perSecond);
}
