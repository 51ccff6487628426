import type { GateRates } from '../lib/organizer/drop-stats.ts';

export interface GateRatesTableProps {
  /** The drops of the event, to say which event's doors these are. */
  dropNames: string[];
  rates: GateRates | undefined;
}

const perMinute = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** One event's doors: scans per gate over the last hour and the pace of the last minute. */
export function GateRatesTable({ dropNames, rates }: GateRatesTableProps) {
  const caption = `At the doors: ${dropNames.join(', ')}`;
  return (
    <section class="card" aria-label={caption} data-gate-rates={rates?.eventId}>
      <h2>{caption}</h2>
      {!rates ? (
        <p class="meta">Connecting…</p>
      ) : rates.gates.length === 0 ? (
        <p data-no-scans>No tickets scanned in the last hour.</p>
      ) : (
        <table class="organizer-table">
          <caption class="visually-hidden">Scans per gate in the last hour</caption>
          <thead>
            <tr>
              <th scope="col">Gate</th>
              <th scope="col">Scans</th>
              <th scope="col">Let in</th>
              <th scope="col">Refused</th>
              <th scope="col">Let in a minute</th>
            </tr>
          </thead>
          <tbody aria-live="polite">
            {rates.gates.map((gate) => (
              <tr key={gate.gateId} data-gate={gate.gateId}>
                <th scope="row">{gate.gateId}</th>
                <td data-gate-stat="scans">{gate.scans}</td>
                <td data-gate-stat="admitted">{gate.admitted}</td>
                <td data-gate-stat="refused">{gate.refused}</td>
                <td data-gate-stat="per-minute">{perMinute.format(gate.admittedPerMinute)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
