import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';

export const resultsDir = new URL('../../results/', import.meta.url);

export interface Environment {
  node: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  platform: string;
}

export function environment(): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.release()}`,
  };
}

/**
 * Writes a run's results: `<scenario>-<timestamp>.json` (all figures, kept
 * out of version control), and the latest run as `<scenario>.json` (the same
 * figures, committed) beside `<scenario>.md` (as tables).
 */
export async function writeReport(
  scenario: string,
  json: unknown,
  markdown: string,
): Promise<{ json: URL; markdown: URL }> {
  await mkdir(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const jsonFile = new URL(`${scenario}-${stamp}.json`, resultsDir);
  const markdownFile = new URL(`${scenario}.md`, resultsDir);
  await writeFile(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(new URL(`${scenario}.json`, resultsDir), `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(markdownFile, markdown);
  return { json: jsonFile, markdown: markdownFile };
}

/** A markdown table from rows of cells. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
