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
  const s = report.storm;
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
        ['p95 ms', p.p95Ms],
        ['p99 ms', p.p99Ms],
        ['max ms', p.maxMs],
      ],
    ),
    '',
    `## Storm: ${report.options.stormChangesPerSecond} seat changes/s asked (holds of ${report.options.stormSeatsPerHold} seats, each released 1 s later)`,
    '',
    table(
      ['propagation, booking commit → stream client', 'value'],
      [
        ['path', s.propagation.mode],
        [
          'holds / releases',
          `${s.propagation.driver.holds} / ${s.propagation.driver.releases} in ${round(s.propagation.driver.seconds, 1)} s, ${s.propagation.driver.failures} failed`,
        ],
        ['seat changes/s made', s.changesPerSecond],
        ['stream clients', report.options.streamClients],
        ['deltas received', s.propagation.deltasReceived],
        ['p50 ms', s.propagation.p50Ms],
        ['p95 ms', s.propagation.p95Ms],
        ['p99 ms', s.propagation.p99Ms],
        ['max ms', s.propagation.maxMs],
      ],
    ),
    '',
    table(
      ['reads', 'per second', 'p50 ms', 'p99 ms', 'answers', 'errors'],
      [
        readRow(
          `availability, no ETag, no writes, just before (${report.options.connections} connections)`,
          s.quietReads,
        ),
        readRow(`availability, no ETag, during the storm (${report.options.connections} connections)`, s.reads),
      ],
    ),
    '',
    `Inside the catalog (its own histogram, per booking message): commit → cache mean ${s.stages.commitToCache.meanMs} ms (${s.stages.commitToCache.shareWithin250ms} within 250 ms), commit → written to the streams mean ${s.stages.commitToStreams.meanMs} ms (${s.stages.commitToStreams.shareWithin250ms} within 250 ms, per delta).`,
    '',
    `Reads during the storm / with no writes: **${s.readsRatio}**. A delta may carry several booking messages (the catalog coalesces per event); its delay is counted from the earliest commit in it, once per stream client.`,
    '',
  ].join('\n');
}
