import { parseArgs } from 'node:util';
import { writeReport } from '../../lib/report.ts';
import { renderMarkdown } from './render.ts';
import { defaultCatalogBenchOptions, runCatalogBenchmark, type CatalogBenchOptions } from './scenario.ts';

export const description =
  'catalog: availability reads/s with and without ETag against a bare Koa + Redis baseline, and commit-to-stream propagation while holds are made';

const d = defaultCatalogBenchOptions;
const options = {
  seats: { type: 'string', default: String(d.seats) },
  'read-seconds': { type: 'string', default: String(d.readSeconds) },
  rounds: { type: 'string', default: String(d.rounds) },
  connections: { type: 'string', default: String(d.connections) },
  'hold-seconds': { type: 'string', default: String(d.holdSeconds) },
  'holds-per-second': { type: 'string', default: String(d.holdsPerSecond) },
  'stream-clients': { type: 'string', default: String(d.streamClients) },
} as const;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const n = (key: keyof typeof options) => {
    const value = Number(values[key]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${key} must be a positive integer`);
    return value;
  };
  const settings: CatalogBenchOptions = {
    seats: n('seats'),
    readSeconds: n('read-seconds'),
    rounds: n('rounds'),
    connections: n('connections'),
    holdSeconds: n('hold-seconds'),
    holdsPerSecond: n('holds-per-second'),
    streamClients: n('stream-clients'),
  };
  process.stdout.write(`[catalog] ${JSON.stringify(settings)}\n`);
  const report = await runCatalogBenchmark(settings);
  const markdown = renderMarkdown(report);
  const files = await writeReport('catalog', report, markdown);
  process.stdout.write(`${markdown}\n[catalog] results: ${files.json.pathname}, ${files.markdown.pathname}\n`);
}
