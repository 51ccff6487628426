import { formatEstimate, formatMoney } from '../lib/format.ts';
import { sellOutSeconds, type DropStats, type Reading } from '../lib/organizer/drop-stats.ts';
import { DropChart } from './drop-chart.tsx';

export interface DropStatsCardProps {
  name: string;
  stats: DropStats | undefined;
  readings: Reading[];
}

/** One drop's live numbers and its chart. */
export function DropStatsCard({ name, stats, readings }: DropStatsCardProps) {
  const q = stats?.queue;
  const revenue = stats?.revenue.map((r) => formatMoney(r.netCents, r.currency)).join(', ') || '0';
  const sellOut = stats ? sellOutSeconds(readings, stats.seats.available) : null;
  const numbers: Array<[string, string, string]> = stats
    ? [
        ['waiting', 'Waiting', String(q?.waiting ?? '–')],
        ['admitted', 'Admitted', String(q?.admitted ?? '–')],
        ['active', 'Choosing now', String(q?.active ?? '–')],
        ['holds', 'Live holds', String(stats.holds.live)],
        ['sold', 'Sold', String(stats.seats.sold)],
        ['available', 'Seats left', String(stats.seats.available)],
        ['revenue', 'Revenue', revenue],
        [
          'rate',
          'Let in a minute (set / measured)',
          `${q?.configuredRatePerMinute ?? '–'} / ${q?.releasedPerMinute ?? '–'}`,
        ],
        ['line-clears', 'Line clears in', q?.etaForLastSeconds != null ? formatEstimate(q.etaForLastSeconds) : '–'],
        [
          'sell-out',
          'Sold out in',
          stats.seats.available === 0 ? 'sold out' : sellOut !== null ? formatEstimate(sellOut) : '–',
        ],
      ]
    : [];
  return (
    <section class="card" aria-label={name} data-drop-stats={stats?.dropId}>
      <h2>{name}</h2>
      {!stats && <p>Waiting for the first numbers…</p>}
      {stats && q && !q.available && <p class="notice info">The line’s numbers are not available right now.</p>}
      <dl class="dashboard-numbers" aria-live="polite" aria-atomic="false">
        {numbers.map(([key, label, value]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-stat={key}>{value}</dd>
          </div>
        ))}
      </dl>
      <DropChart title={`${name} over time`} readings={readings} />
    </section>
  );
}
