/**
 * Terminal output for the development supervisor: one prefix per service,
 * colour only when a person is watching, and pino's JSON lines made readable.
 */

const palette = [36, 35, 33, 34, 32, 96, 95, 93, 94, 92, 91] as const;

export interface Painter {
  enabled: boolean;
  colour(code: number, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

/** Colour when the stream is a terminal, unless NO_COLOR says otherwise; FORCE_COLOR wins. */
export function createPainter(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Painter {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = forced || (stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  const wrap = (open: number, close: number, text: string) => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return {
    enabled,
    colour: (code, text) => wrap(code, 39, text),
    bold: (text) => wrap(1, 22, text),
    dim: (text) => wrap(2, 22, text),
  };
}

/** Builds `name | ` prefixes padded to the longest name, each service in its own colour. */
export function createPrefixer(names: string[], painter: Painter): (name: string) => string {
  const width = Math.max(0, ...names.map((n) => n.length));
  const colours = new Map(names.map((name, i) => [name, palette[i % palette.length] ?? 39]));
  return (name) => `${painter.colour(colours.get(name) ?? 39, name.padEnd(width))} ${painter.dim('|')} `;
}

const levels: Record<number, { label: string; colour: number }> = {
  10: { label: 'TRACE', colour: 90 },
  20: { label: 'DEBUG', colour: 90 },
  30: { label: 'INFO ', colour: 32 },
  40: { label: 'WARN ', colour: 33 },
  50: { label: 'ERROR', colour: 31 },
  60: { label: 'FATAL', colour: 31 },
};

// Fields every pino line of ours carries; the prefix already says who spoke.
const noise = new Set(['level', 'time', 'pid', 'hostname', 'service', 'name', 'msg', 'err']);

/**
 * Turns one pino JSON line into `HH:MM:SS LEVEL message {fields}`, with an
 * error's stack on the lines below. Anything else passes through unchanged.
 */
export function formatLogLine(line: string, painter: Painter): string[] {
  if (!line.startsWith('{')) return [line];
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return [line];
  }
  if (typeof record !== 'object' || record === null) return [line];
  const fields = record as Record<string, unknown>;
  const level = typeof fields.level === 'number' ? levels[fields.level] : undefined;
  if (level === undefined || typeof fields.msg !== 'string') return [line];
  const time = typeof fields.time === 'string' ? fields.time.slice(11, 19) : '';
  const extra = Object.fromEntries(Object.entries(fields).filter(([key]) => !noise.has(key)));
  const rest = Object.keys(extra).length > 0 ? ` ${painter.dim(JSON.stringify(extra))}` : '';
  const head = `${painter.dim(time)} ${painter.colour(level.colour, level.label)} ${fields.msg}${rest}`;
  const stack = errorStack(fields.err);
  return stack === undefined ? [head] : [head, ...stack.split('\n').map((l) => painter.dim(l))];
}

function errorStack(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { stack, message } = err as { stack?: unknown; message?: unknown };
  if (typeof stack === 'string') return stack;
  return typeof message === 'string' ? message : undefined;
}

export interface TableRow {
  cells: string[];
  /** Colour of the last cell (the status), when colour is on. */
  colour?: number;
}

/** A plain text table; widths ignore colour codes because cells are measured before painting. */
export function renderTable(header: string[], rows: TableRow[], painter: Painter): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r.cells[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const out = [painter.bold(line(header).trimEnd()), painter.dim(widths.map((w) => '-'.repeat(w)).join('  '))];
  for (const row of rows) {
    const text = line(row.cells).trimEnd();
    const last = row.cells.at(-1) ?? '';
    out.push(
      row.colour === undefined ? text : text.slice(0, text.length - last.length) + painter.colour(row.colour, last),
    );
  }
  return out.join('\n');
}
