import { useEffect, useState } from 'preact/hooks';
import { formatDuration } from '../lib/format.ts';

export interface TimeLeftProps {
  until: string;
}

/** "4 min 05 s": counts down to a moment, redrawing only itself each second. */
export function TimeLeft({ until }: TimeLeftProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return <>{formatDuration((Date.parse(until) - now) / 1000)}</>;
}
