import { useEffect, useState } from 'preact/hooks';

export interface SectionInfo {
  id: string;
  name: string;
  /** "Reserved seats" or "General admission". */
  seating: string;
  /** The section's price, written by the server. */
  price: string;
}

export interface Counts {
  available: number;
  held: number;
  sold: number;
}

type Connection = 'connecting' | 'live' | 'reconnecting';

export interface LiveAvailabilityProps {
  sections: SectionInfo[];
  /** The catalog's availability stream for this event, as the browser reaches it. */
  streamUrl: string;
  /** The catalog's availability document, read again after a change. */
  documentUrl: string;
  /** Counts the server read when it rendered the page, so they show before (or without) JavaScript. */
  initial?: Record<string, Counts>;
}

/** Reads per-section counts out of an availability document, ignoring anything it does not recognise. */
export function countsOf(text: string): Map<string, Counts> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('sections' in parsed) || !Array.isArray(parsed.sections)) {
    return undefined;
  }
  const counts = new Map<string, Counts>();
  for (const entry of parsed.sections as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { sectionId, available, held, sold } = entry as Record<string, unknown>;
    if (typeof sectionId !== 'string') continue;
    if (typeof available !== 'number' || typeof held !== 'number' || typeof sold !== 'number') continue;
    counts.set(sectionId, { available, held, sold });
  }
  return counts;
}

const connectionText: Record<Connection | 'static', string> = {
  static: 'Places left when this page was loaded.',
  connecting: 'Connecting to live availability…',
  live: 'Live: counts update as seats are taken.',
  reconnecting: 'Live updates paused; reconnecting…',
};

/**
 * Live seat counts per section. A snapshot on the stream carries the counts;
 * a change (delta) names seats, not counts, so the island then reads the
 * document again, at most once per second however fast changes arrive.
 */
export function LiveAvailability({ sections, streamUrl, documentUrl, initial }: LiveAvailabilityProps) {
  const [counts, setCounts] = useState<Map<string, Counts>>(() => new Map(Object.entries(initial ?? {})));
  const [connection, setConnection] = useState<Connection | 'static'>('static');

  useEffect(() => {
    setConnection('connecting');
    const source = new EventSource(streamUrl);
    let refresh: ReturnType<typeof setTimeout> | undefined;
    let closed = false;

    const apply = (text: string) => {
      const next = countsOf(text);
      if (next && !closed) setCounts(next);
    };
    const reread = async () => {
      refresh = undefined;
      try {
        const response = await fetch(documentUrl, { headers: { Accept: 'application/json' } });
        if (response.ok) apply(await response.text());
      } catch {
        // The stream's next snapshot or change brings the counts back.
      }
    };

    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection('reconnecting');
    source.addEventListener('snapshot', (event: MessageEvent<string>) => apply(event.data));
    source.addEventListener('delta', () => {
      refresh ??= setTimeout(() => void reread(), 1_000);
    });
    return () => {
      closed = true;
      source.close();
      if (refresh !== undefined) clearTimeout(refresh);
    };
  }, [streamUrl, documentUrl]);

  return (
    <section class="live" aria-labelledby="live-heading" data-connection={connection}>
      <h2 id="live-heading">Sections and places left</h2>
      <p class="live-status" role="status">
        {connectionText[connection]}
      </p>
      <table>
        <caption class="visually-hidden">Sections, prices and places left</caption>
        <thead>
          <tr>
            <th scope="col">Section</th>
            <th scope="col">Seating</th>
            <th scope="col">Price</th>
            <th scope="col">Left</th>
          </tr>
        </thead>
        <tbody>
          {sections.map((section) => {
            const count = counts.get(section.id);
            return (
              <tr key={section.id} data-section={section.id}>
                <th scope="row">{section.name}</th>
                <td>{section.seating}</td>
                <td>{section.price}</td>
                <td data-count="available" data-held={count?.held} data-sold={count?.sold}>
                  {count ? (count.available === 0 ? 'Sold out' : count.available.toLocaleString('en-GB')) : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
