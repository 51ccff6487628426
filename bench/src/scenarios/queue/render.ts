import { table } from '../../lib/report.ts';
import type { QueueBenchReport } from './scenario.ts';

export function renderMarkdown(report: QueueBenchReport): string {
  const { options: o, baseline, joins, sockets, admission, soldOut, environment: env } = report;
  return [
    '# Benchmark: queue (waiting room)',
    '',
    `Node ${env.node}, ${env.cpus} × ${env.cpuModel}, ${env.memoryGb} GB, ${env.platform}. Everything (Redis, the ${Math.max(o.instances, o.socketInstances)} waiting-room instances, ${o.workers} fan worker processes) on this one machine.`,
    '',
    '## Joins (distinct fans)',
    '',
    table(
      ['path', 'fans', 'joins/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      [
        [
          `HTTP, ${o.instances} instances, ${o.concurrency} in flight`,
          joins.fans,
          joins.perSecond,
          joins.latencyMs.p50 ?? 0,
          joins.latencyMs.p95 ?? 0,
          joins.latencyMs.p99 ?? 0,
        ],
        [
          'raw Redis (same commands from ioredis)',
          baseline.attempts,
          baseline.successesPerSecond,
          baseline.latencyMs.p50,
          baseline.latencyMs.p95,
          baseline.latencyMs.p99,
        ],
      ],
    ),
    '',
    `Ratio HTTP / raw Redis: **${report.ratio}**. Outcomes: ${JSON.stringify(joins.outcomes)}.`,
    '',
    '## Sockets held with live updates',
    '',
    table(
      [
        'sockets asked',
        'open',
        'opened in s',
        'held s',
        'updated every ≤ 2 s',
        'max gap p50 ms',
        'p99 ms',
        'max ms',
        'messages/s',
      ],
      [
        [
          sockets.requested,
          sockets.opened,
          sockets.openSeconds,
          sockets.heldSeconds,
          sockets.updatedWithin2s,
          sockets.maxGapMs.p50 ?? 0,
          sockets.maxGapMs.p99 ?? 0,
          sockets.maxGapMs.max ?? 0,
          sockets.messagesPerSecond,
        ],
      ],
    ),
    '',
    Object.keys(sockets.failed).length > 0
      ? `Sockets that failed to open: ${JSON.stringify(sockets.failed)}.`
      : 'Every socket opened.',
    '',
    `Spread over ${Math.max(o.instances, o.socketInstances)} instances. Memory per idle socket on the server (added by the open sockets, summed over the instances, divided by the sockets): resident ${(sockets.memoryPerSocket.rssBytes / 1024).toFixed(1)} KiB, V8 heap ${(sockets.memoryPerSocket.heapBytes / 1024).toFixed(1)} KiB.`,
    '',
    '## Sold out announced to every waiting socket',
    '',
    table(
      ['waiting sockets', 'told', 'within 1 s', 'p50 ms', 'p99 ms', 'max ms'],
      [
        [
          soldOut.waitingSockets,
          soldOut.told,
          soldOut.toldWithin1s,
          soldOut.latencyMs.p50 ?? 0,
          soldOut.latencyMs.p99 ?? 0,
          soldOut.latencyMs.max ?? 0,
        ],
      ],
    ),
    '',
    '## Admission rate',
    '',
    table(
      ['configured / min', 'achieved / min', 'admitted in window', 'window s'],
      [
        [
          admission.configuredPerMinute,
          admission.achievedPerMinute,
          admission.admittedInWindow,
          admission.windowSeconds,
        ],
      ],
    ),
    '',
  ].join('\n');
}
