import { parseArgs } from 'node:util';
import { writeReport } from '../../lib/report.ts';
import { renderMarkdown } from './render.ts';
import { defaultQueueBenchOptions, runQueueBenchmark, type QueueBenchOptions } from './scenario.ts';

export const description =
  'queue: waiting-room joins/s against N instances vs the same Redis commands from ioredis, sockets held with live updates, admission rate vs configured';

const d = defaultQueueBenchOptions;
const options = {
  instances: { type: 'string', default: String(d.instances) },
  'join-fans': { type: 'string', default: String(d.joinFans) },
  'socket-fans': { type: 'string', default: String(d.socketFans) },
  'hold-seconds': { type: 'string', default: String(d.holdSeconds) },
  rate: { type: 'string', default: String(d.ratePerMinute) },
  workers: { type: 'string', default: String(d.workers) },
  concurrency: { type: 'string', default: String(d.concurrency) },
  'push-ms': { type: 'string', default: String(d.pushMs) },
} as const;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const n = (key: keyof typeof options) => {
    const value = Number(values[key]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${key} must be a positive integer`);
    return value;
  };
  const settings: QueueBenchOptions = {
    instances: n('instances'),
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
