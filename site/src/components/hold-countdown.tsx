import { useEffect, useState } from 'preact/hooks';
import { formatDuration } from '../lib/format.ts';

export interface HoldCountdownProps {
  expiresAt: string;
}

/** Time left to pay for held seats; once it runs out the fan is told what that means for them. */
export function HoldCountdown({ expiresAt }: HoldCountdownProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = (Date.parse(expiresAt) - now) / 1000;
  return left > 0 ? (
    <p class="hold-timer" data-hold-timer>
      Your seats are held for <strong>{formatDuration(left)}</strong>. Pay before the time runs out.
    </p>
  ) : (
    <p class="notice warn" data-hold-timer="expired">
      Your hold has run out. If your seats are still free you can still pay for them; if someone else has taken them,
      you will not be charged.
    </p>
  );
}
