import { useEffect, useRef, useState } from 'preact/hooks';
import type { QueueStatus } from '../lib/api/queue.ts';
import { formatDuration, formatEstimate } from '../lib/format.ts';
import { followLine, type LineEvent } from '../lib/line-feed.ts';
import { announcementFor, goneText, shouldAnnounce } from '../lib/line-announcements.ts';

export interface QueueStatusProps {
  dropId: string;
  initial: QueueStatus;
  seatsUrl: string;
  eventUrl: string;
  /** The start in the venue's time zone, written by the server. */
  opensAtText: string;
  fairnessUrl: string;
  seedCommitment: string | null;
}

type Transport = 'connecting' | 'socket' | 'polling';

/** Where the fan stands in line, live: position, people ahead, wait, progress, and every state of the sale. */
export function QueueStatusPanel(props: QueueStatusProps) {
  const [status, setStatus] = useState<QueueStatus>(props.initial);
  const [gone, setGone] = useState<string | undefined>();
  const [signedOut, setSignedOut] = useState(false);
  const [trouble, setTrouble] = useState<string | undefined>();
  const [transport, setTransport] = useState<Transport>('connecting');
  const [announcement, setAnnouncement] = useState(() => announcementFor(props.initial));
  const [now, setNow] = useState(() => Date.now());
  const startAhead = useRef<number | null>(null);
  const lastAnnounced = useRef({ at: Date.now(), status: props.initial });

  // The first "ahead" this fan saw, kept per drop so a reload keeps the bar where it was.
  const progressKey = `line:${props.dropId}:start`;
  const remember = (ahead: number | null) => {
    if (ahead === null) return;
    const stored = Number(sessionStorage.getItem(progressKey));
    const start = Math.max(Number.isFinite(stored) ? stored : 0, startAhead.current ?? 0, ahead);
    startAhead.current = start;
    sessionStorage.setItem(progressKey, String(start));
  };

  useEffect(() => {
    remember(props.initial.aheadOfYou);
    const stop = followLine({
      dropId: props.dropId,
      onEvent: (event: LineEvent) => {
        switch (event.kind) {
          case 'status':
            setTrouble(undefined);
            setGone(undefined);
            remember(event.status.aheadOfYou);
            setStatus(event.status);
            if (shouldAnnounce(lastAnnounced.current, event.status, Date.now())) {
              lastAnnounced.current = { at: Date.now(), status: event.status };
              setAnnouncement(announcementFor(event.status));
            }
            break;
          case 'gone':
            setGone(event.reason);
            setAnnouncement(goneText(event.reason));
            break;
          case 'signed_out':
            setSignedOut(true);
            break;
          case 'trouble':
            setTrouble(event.message);
            break;
          case 'transport':
            setTransport(event.via);
            break;
        }
      },
    });
    const clock = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      stop();
      clearInterval(clock);
    };
  }, [props.dropId]);

  // Admitted: on to the seat map by itself, after a moment to read why.
  useEffect(() => {
    if (status.state !== 'admitted' || gone) return;
    const timer = setTimeout(() => window.location.assign(props.seatsUrl), 1_200);
    return () => clearTimeout(timer);
  }, [status.state, gone]);

  const rejoin = async () => {
    const response = await fetch(`/api/drops/${encodeURIComponent(props.dropId)}/queue`, { method: 'POST' });
    if (response.ok) window.location.reload();
    else setTrouble(((await response.json()) as { message?: string }).message ?? 'Please try again.');
  };

  const ahead = status.aheadOfYou ?? 0;
  const start = Math.max(startAhead.current ?? ahead, ahead, 1);
  const progress = status.state === 'admitted' ? 1 : Math.min(1, Math.max(0, (start - ahead) / start));
  const untilOpen = Math.max(0, (Date.parse(status.opensAt) - now) / 1000);

  return (
    <section
      class="line-card card"
      aria-labelledby="line-heading"
      data-state={gone ? 'gone' : status.state}
      data-entry={status.entryId}
    >
      <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-announcement>
        {announcement}
      </p>
      {signedOut ? (
        <>
          <h2 id="line-heading">Please sign in again</h2>
          <p>Your session has ended. Your place is kept for a minute while you sign back in.</p>
          <p class="actions">
            <a class="button" href={`/auth/login?returnTo=${encodeURIComponent(window.location.pathname)}`}>
              Sign in
            </a>
          </p>
        </>
      ) : gone ? (
        <>
          <h2 id="line-heading">You are no longer in this line</h2>
          <p>{goneText(gone)}</p>
          <p class="actions">
            {gone === 'finished' ? (
              <a class="button" href="/me/tickets">
                See my tickets
              </a>
            ) : (
              <button type="button" onClick={() => void rejoin()}>
                Join the line again
              </button>
            )}
            <a class="button secondary" href={props.eventUrl}>
              Back to the event
            </a>
          </p>
        </>
      ) : status.state === 'prequeue' ? (
        <>
          <h2 id="line-heading">You are in the pre-queue</h2>
          <p class="countdown" aria-hidden="true">
            <span class="label">Sale opens in</span>
            <span class="big" data-countdown>
              {formatCountdown(untilOpen)}
            </span>
          </p>
          <p>
            The sale opens at <strong>{props.opensAtText}</strong>. Then everyone in the pre-queue
            {status.prequeueSize ? ` (${status.prequeueSize.toLocaleString('en-GB')} fans so far)` : ''} gets a place in
            a random order. Arriving earlier or reloading gives no advantage, so you can relax.
          </p>
          {props.seedCommitment && (
            <p class="commitment">
              Fairness commitment: <code>{props.seedCommitment.slice(0, 16)}…</code>{' '}
              <a href={props.fairnessUrl}>Check how the order is made</a>
            </p>
          )}
        </>
      ) : status.state === 'admitted' ? (
        <>
          <h2 id="line-heading">It's your turn!</h2>
          <p>Taking you to the seat map…</p>
          <p class="actions">
            <a class="button large" href={props.seatsUrl}>
              Choose your seats
            </a>
          </p>
        </>
      ) : status.state === 'waiting' ? (
        <>
          <h2 id="line-heading">You are in the line</h2>
          <dl class="line-stats" aria-hidden="false">
            <div>
              <dt>Your place</dt>
              <dd data-position>{status.position?.toLocaleString('en-GB') ?? '–'}</dd>
            </div>
            <div>
              <dt>Ahead of you</dt>
              <dd data-ahead>{ahead.toLocaleString('en-GB')}</dd>
            </div>
            <div>
              <dt>Estimated wait</dt>
              <dd data-eta>{formatEstimate(status.etaSeconds)}</dd>
            </div>
          </dl>
          <div
            class="progress"
            role="progressbar"
            aria-label="Progress through the line"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress * 100)}
          >
            <span style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
          <p class="meta">Keep this page open. When it is your turn you will be taken to the seat map.</p>
        </>
      ) : (
        <>
          <h2 id="line-heading">{stalledHeading[status.state]}</h2>
          <p>{stalledText[status.state]}</p>
          <p class="actions">
            <a class="button secondary" href={props.eventUrl}>
              Back to the event
            </a>
          </p>
        </>
      )}
      {trouble && (
        <p class="notice warn" role="alert">
          {trouble}
        </p>
      )}
      <p class="transport meta" data-transport={transport}>
        {transport === 'socket'
          ? 'Live updates on.'
          : transport === 'polling'
            ? 'Updating every few seconds.'
            : 'Connecting…'}
      </p>
    </section>
  );
}

const stalledHeading: Record<'paused' | 'sold_out' | 'closed', string> = {
  paused: 'The sale is paused',
  sold_out: 'Sold out for now',
  closed: 'This sale has closed',
};

const stalledText: Record<'paused' | 'sold_out' | 'closed', string> = {
  paused: 'The organizer has paused the sale for a moment. You keep your place; this page carries on by itself.',
  sold_out:
    'Every ticket is sold or on hold. You keep your place: if held seats come back, the line moves again and this page tells you.',
  closed: 'The line for this sale is closed. No more tickets are sold in it.',
};

function formatCountdown(seconds: number): string {
  const s = Math.floor(seconds);
  if (s >= 86_400) return formatDuration(s);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}
