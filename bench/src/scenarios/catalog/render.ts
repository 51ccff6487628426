import { round } from '../../lib/load.ts';
import { table } from '../../lib/report.ts';
import type { LoadResult } from './load.ts';
import type { CatalogReport } from './scenario.ts';

const readRow = (label: string, r: LoadResult) => [
  label,
  Math.round(r.perSecond),
  r.p50Ms.toFixed(2),
  r.p99Ms.toFixed(2),
  Object.entries(r.statuses)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', '),
  r.errors,
];

export function renderMarkdown(report: CatalogReport): string {
  const p = report.propagation;
  const e = report.environment;
  const changesPerSecond = (p.driver.holds + p.driver.releases) / p.driver.seconds;
  return [
    `# Catalog: availability reads and propagation`,
    '',
    `${report.at}; ${e.cpus} × ${e.cpuModel}, ${e.memoryGb} GB, Node ${e.node}. One catalog process (with its feeder); the load generator, the stream clients and the hold driver share another process. ${report.options.seats} seats, availability document ${report.documentBytes} bytes.`,
    '',
    table(
      ['reads', 'per second', 'p50 ms', 'p99 ms', 'answers', 'errors'],
      [
        readRow(`availability, no ETag (${report.options.connections} connections)`, report.reads.noEtag),
        readRow(`availability, If-None-Match → 304 (${report.options.connections} connections)`, report.reads.withEtag),
        readRow(
          `baseline: bare Koa, constant from Redis (${report.options.connections} connections)`,
          report.reads.baseline,
        ),
        readRow('availability, no ETag, while holds are made (8 connections)', report.reads.noEtagWhileHolding),
      ],
    ),
    '',
    `Reads: the median of ${report.options.rounds} rounds per kind, the kinds taking turns (reads/s per round, no ETag / ETag / baseline: ${report.readRounds.map((r) => `${r.noEtag} / ${r.withEtag} / ${r.baseline}`).join('; ')}).`,
    '',
    `Ratios to the baseline: no ETag **${report.ratios.noEtagToBaseline}**, with ETag **${report.ratios.withEtagToBaseline}** (ETag / no ETag ${report.ratios.withEtagToNoEtag}).`,
    '',
    table(
      ['propagation, booking commit → stream client', 'value'],
      [
        ['path', p.mode],
        [
          'holds / releases',
          `${p.driver.holds} / ${p.driver.releases} in ${round(p.driver.seconds, 1)} s (${round(changesPerSecond, 1)} changes/s, ${p.driver.failures} failed)`,
        ],
        ['stream clients', report.options.streamClients],
        ['deltas received', p.deltasReceived],
        ['p50 ms', p.p50Ms],
        ['p99 ms', p.p99Ms],
        ['max ms', p.maxMs],
      ],
    ),
    '',
  ].join('\n');
}
