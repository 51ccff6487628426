import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Reading } from '../lib/organizer/drop-stats.ts';

export interface DropChartProps {
  title: string;
  readings: Reading[];
}

/** Sold seats, the line and live holds over time, drawn by uPlot. */
export function DropChart({ title, readings }: DropChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot>();
  useEffect(() => {
    if (!box.current) return;
    chart.current = new uPlot(
      {
        title,
        width: Math.max(280, box.current.clientWidth),
        height: 200,
        series: [
          {},
          { label: 'Sold', stroke: '#15803d', width: 2 },
          { label: 'Waiting', stroke: '#1d4ed8', width: 2 },
          { label: 'Held', stroke: '#c2410c', width: 2 },
        ],
      },
      [[], [], [], []],
      box.current,
    );
    return () => chart.current?.destroy();
  }, [title]);
  useEffect(() => {
    chart.current?.setData([
      readings.map((r) => r.t),
      readings.map((r) => r.sold),
      readings.map((r) => r.waiting),
      readings.map((r) => r.held),
    ]);
  }, [readings]);
  return <div ref={box} class="drop-chart" role="img" aria-label={`${title}: sold, waiting and held over time`} />;
}
