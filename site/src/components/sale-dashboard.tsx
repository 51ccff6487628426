import { useEffect, useState } from 'preact/hooks';
import { addReading, type DropStats, type Reading } from '../lib/organizer/drop-stats.ts';
import { DropStatsCard } from './drop-stats-card.tsx';

export interface SaleDashboardProps {
  drops: Array<{ id: string; name: string }>;
}

/** Several drops' live numbers, pushed by the dashboard stream; the browser reconnects by itself. */
export function SaleDashboard({ drops }: SaleDashboardProps) {
  const [stats, setStats] = useState<Record<string, DropStats>>({});
  const [readings, setReadings] = useState<Record<string, Reading[]>>({});
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/api/organizer/dashboard/stream?dropIds=${drops.map((d) => d.id).join(',')}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('stats', (message: MessageEvent<string>) => {
      const next = JSON.parse(message.data) as DropStats;
      setStats((all) => ({ ...all, [next.dropId]: next }));
      setReadings((all) => ({ ...all, [next.dropId]: addReading(all[next.dropId] ?? [], next) }));
    });
    return () => source.close();
  }, [drops]);
  return (
    <div>
      <p class="meta" data-connected={connected}>
        {connected ? 'Live: numbers update as they change.' : 'Connecting…'}
      </p>
      <div class="dashboard-grid">
        {drops.map((drop) => (
          <DropStatsCard key={drop.id} name={drop.name} stats={stats[drop.id]} readings={readings[drop.id] ?? []} />
        ))}
      </div>
    </div>
  );
}
