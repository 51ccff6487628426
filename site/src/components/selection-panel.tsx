import type { Hold } from '../lib/api/booking.ts';
import type { SelectionLine } from '../lib/selection.ts';
import { formatDuration } from '../lib/format.ts';

export interface SelectionPanelProps {
  lines: SelectionLine[];
  total: string;
  /** Tickets chosen (a standing line may stand for several). */
  count: number;
  max: number;
  hold: Hold | undefined;
  /** Seconds left on the hold, or on the turn to choose before any hold. */
  holdSecondsLeft: number;
  turnSecondsLeft: number;
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
          Held for you for <strong>{formatDuration(props.holdSecondsLeft)}</strong>. Pay before the time runs out.
        </p>
      ) : (
        <p class="meta">
          Up to {props.max} {props.max === 1 ? 'ticket' : 'tickets'} per fan.{' '}
          {props.turnSecondsLeft > 0 ? `Choose within ${formatDuration(props.turnSecondsLeft)}.` : ''}
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
            disabled={props.busy || props.count === 0 || props.turnSecondsLeft <= 0}
          >
            {props.count === 0 ? 'Hold tickets' : `Hold ${props.count} ${props.count === 1 ? 'ticket' : 'tickets'}`}
          </button>
        )}
      </div>
    </section>
  );
}
