import { positiveIntegerFlags } from '../../lib/flags.ts';
import { writeReport } from '../../lib/report.ts';
import { renderMarkdown } from './render.ts';
import { defaultQueueBenchOptions, runQueueBenchmark, type QueueBenchOptions } from './scenario.ts';

export const description =
  'queue: waiting-room joins/s against N instances vs the same Redis commands from ioredis, sockets held with live updates, admission rate vs configured';

const d = defaultQueueBenchOptions;
const defaults = {
  instances: d.instances,
  'socket-instances': d.socketInstances,
  'join-fans': d.joinFans,
  'socket-fans': d.socketFans,
  'hold-seconds': d.holdSeconds,
  rate: d.ratePerMinute,
  workers: d.workers,
  concurrency: d.concurrency,
  'push-ms': d.pushMs,
};

export async function run(args: string[]): Promise<void> {
  const flags = positiveIntegerFlags(args, defaults);
  const n = (key: keyof typeof defaults) => flags[key];
  const settings: QueueBenchOptions = {
    instances: n('instances'),
    socketInstances: n('socket-instances'),
    joinFans: n('join-fans'),
    socketFans: n('socket-fans'),
    holdSeconds: n('hold-seconds'),
    ratePerMinute: n('rate'),
    workers: n('workers'),
    concurrency: n('concurrency'),
    pushMs: n('push-ms'),
  };
  process.stdout.write(`[queue] ${JSON.stringify(settings)}\n`);
  const report = await runQueueBenchmark(settings);
  const markdown = renderMarkdown(report);
  const files = await writeReport('queue', report, markdown);
  process.stdout.write(
    `${markdown}\n[queue] joins ${report.joins.perSecond}/s, raw Redis ${report.baseline.successesPerSecond}/s, ratio ${report.ratio}\n` +
      `[queue] results: ${files.json.pathname}, ${files.markdown.pathname}\n`,
  );
}
