import type { Duplicates } from '../lib/gate/duplicates.ts';
import { formatShortDateTime } from '../lib/format.ts';

/**
 * After an upload: the tickets the platform found let in more than once
 * across phones (two doors that were both offline), with every admitting
 * scan, so the steward can look for the second person.
 */
export function DuplicateReport(props: { duplicates: Duplicates; timeZone: string; onDismiss: () => void }) {
  if (props.duplicates.length === 0) return null;
  const count = props.duplicates.length;
  return (
    <section class="card duplicate-report" aria-labelledby="duplicates-heading" data-duplicates={count}>
      <h2 id="duplicates-heading">{count === 1 ? '1 ticket was' : `${count} tickets were`} let in more than once</h2>
      <p>
        The platform found these tickets let in at more than one door while a phone was offline. The first scan is the
        one that counts: the later one let someone in on a ticket already used.
      </p>
      <ul>
        {props.duplicates.map((duplicate) => (
          <li data-duplicate-ticket={duplicate.ticketId}>
            Ticket <code>{duplicate.ticketId.slice(0, 8)}</code>
            <ol>
              {duplicate.scans.map((scan) => (
                <li data-scan-nonce={scan.nonce}>
                  gate <strong>{scan.gateId}</strong>, phone {scan.deviceId},{' '}
                  {formatShortDateTime(scan.scannedAt, props.timeZone)} ({scan.mode === 'online' ? 'online' : 'offline'}
                  )
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
      <button type="button" class="secondary small" onClick={props.onDismiss}>
        Mark as read
      </button>
    </section>
  );
}
