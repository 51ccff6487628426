import { useEffect, useState } from 'preact/hooks';
import { addReading, type DropStats, type GateRates, type Reading } from '../lib/organizer/drop-stats.ts';
import { DropStatsCard } from './drop-stats-card.tsx';
import { GateRatesTable } from './gate-rates-table.tsx';

export interface SaleDashboardProps {
  drops: Array<{ id: string; name: string; eventId: string }>;
}

/** Several drops' live numbers and their events' doors, pushed by the dashboard stream; it reconnects by itself. */
export function SaleDashboard({ drops }: SaleDashboardProps) {
  const [stats, setStats] = useState<Record<string, DropStats>>({});
  const [readings, setReadings] = useState<Record<string, Reading[]>>({});
  const [gates, setGates] = useState<Record<string, GateRates>>({});
  const [connected, setConnected] = useState(false);
  const events = [...new Set(drops.map((d) => d.eventId))];
  useEffect(() => {
    const source = new EventSource(`/api/organizer/dashboard/stream?dropIds=${drops.map((d) => d.id).join(',')}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('stats', (message: MessageEvent<string>) => {
      const next = JSON.parse(message.data) as DropStats;
      setStats((all) => ({ ...all, [next.dropId]: next }));
      setReadings((all) => ({ ...all, [next.dropId]: addReading(all[next.dropId] ?? [], next) }));
    });
    source.addEventListener('gates', (message: MessageEvent<string>) => {
      const next = JSON.parse(message.data) as GateRates;
      setGates((all) => ({ ...all, [next.eventId]: next }));
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
      <div class="dashboard-grid">
        {events.map((eventId) => (
          <GateRatesTable
            key={eventId}
            dropNames={drops.filter((d) => d.eventId === eventId).map((d) => d.name)}
            rates={gates[eventId]}
          />
        ))}
      </div>
    </div>
  );
}
