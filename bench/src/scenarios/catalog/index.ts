import { positiveIntegerFlags } from '../../lib/flags.ts';
import { writeReport } from '../../lib/report.ts';
import { renderMarkdown } from './render.ts';
import { defaultCatalogBenchOptions, runCatalogBenchmark, type CatalogBenchOptions } from './scenario.ts';

export const description =
  'catalog: availability reads/s with and without ETag against a bare Koa + Redis baseline, commit-to-stream propagation while holds are made, and a storm of ≥ 1,000 seat changes/s with reads beside it';

const d = defaultCatalogBenchOptions;
const defaults = {
  seats: d.seats,
  'read-seconds': d.readSeconds,
  rounds: d.rounds,
  connections: d.connections,
  'hold-seconds': d.holdSeconds,
  'holds-per-second': d.holdsPerSecond,
  'stream-clients': d.streamClients,
  'storm-changes-per-second': d.stormChangesPerSecond,
  'storm-seats-per-hold': d.stormSeatsPerHold,
  'storm-seconds': d.stormSeconds,
};

export async function run(args: string[]): Promise<void> {
  const flags = positiveIntegerFlags(args, defaults);
  const n = (key: keyof typeof defaults) => flags[key];
  const settings: CatalogBenchOptions = {
    seats: n('seats'),
    readSeconds: n('read-seconds'),
    rounds: n('rounds'),
    connections: n('connections'),
    holdSeconds: n('hold-seconds'),
    holdsPerSecond: n('holds-per-second'),
    streamClients: n('stream-clients'),
    stormChangesPerSecond: n('storm-changes-per-second'),
    stormSeatsPerHold: n('storm-seats-per-hold'),
    stormSeconds: n('storm-seconds'),
  };
  process.stdout.write(`[catalog] ${JSON.stringify(settings)}\n`);
  const report = await runCatalogBenchmark(settings);
  const markdown = renderMarkdown(report);
  const files = await writeReport('catalog', report, markdown);
  process.stdout.write(`${markdown}\n[catalog] results: ${files.json.pathname}, ${files.markdown.pathname}\n`);
}
