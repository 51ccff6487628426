import type { Hold } from '../lib/api/booking.ts';
import type { SelectionLine } from '../lib/selection.ts';
import { TimeLeft } from './time-left.tsx';

export interface SelectionPanelProps {
  lines: SelectionLine[];
  total: string;
  /** Tickets chosen (a standing line may stand for several). */
  count: number;
  max: number;
  hold: Hold | undefined;
  /** When the fan's turn to choose ends (before any hold). */
  turnExpiresAt: string;
  turnOver: boolean;
  busy: boolean;
  onHold: () => void;
  onCheckout: () => void;
  onRelease: () => void;
}

/** What the fan has chosen, the limit, the hold and its countdown, and the way on to payment. */
export function SelectionPanel(props: SelectionPanelProps) {
  const { hold } = props;
  return (
    <section class="selection card" aria-labelledby="selection-heading">
      <h2 id="selection-heading">{hold ? 'Your seats are held' : 'Your selection'}</h2>
      {hold ? (
        <p class="hold-timer" data-hold-timer>
          Held for you for{' '}
          <strong>
            <TimeLeft until={hold.expiresAt} />
          </strong>
          . Pay before the time runs out.
        </p>
      ) : (
        <p class="meta">
          Up to {props.max} {props.max === 1 ? 'ticket' : 'tickets'} per fan.{' '}
          {props.turnOver ? null : (
            <>
              Choose within <TimeLeft until={props.turnExpiresAt} />.
            </>
          )}
        </p>
      )}
      {props.lines.length === 0 ? (
        <p class="empty">Pick seats on the map, or a number of standing places.</p>
      ) : (
        <ul class="lines">
          {props.lines.map((line) => (
            <li key={line.key}>
              <span>{line.text}</span>
              <span class="price">{line.price}</span>
              {line.onRemove && !hold && (
                <button type="button" class="subtle small" onClick={line.onRemove} aria-label={`Remove ${line.text}`}>
                  ✕
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.lines.length > 0 && (
        <p class="total">
          <span>Total</span> <strong data-total>{props.total}</strong>
        </p>
      )}
      <div class="actions">
        {hold ? (
          <>
            <button type="button" class="large" onClick={props.onCheckout} disabled={props.busy}>
              Continue to payment
            </button>
            <button type="button" class="secondary" onClick={props.onRelease} disabled={props.busy}>
              Release and choose again
            </button>
          </>
        ) : (
          <button
            type="button"
            class="large"
            onClick={props.onHold}
            disabled={props.busy || props.count === 0 || props.turnOver}
          >
            {props.count === 0 ? 'Hold tickets' : `Hold ${props.count} ${props.count === 1 ? 'ticket' : 'tickets'}`}
          </button>
        )}
      </div>
    </section>
  );
}
