/*
 * CSV as RFC 4180 writes it: fields separated by commas, a field with a
 * comma, quote or line break in double quotes (a quote inside doubled),
 * lines ended by CRLF. Reading also takes LF line ends and a UTF-8 byte
 * order mark, since spreadsheets save both.
 */

export interface CsvLine {
  /** 1-based, counting physical lines, so it is the number a spreadsheet or editor shows. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

export function parseCsv(text: string): CsvLine[] {
  const lines: CsvLine[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let startLine = 1;
  let quoted = false;
  let i = 0;
  const endLine = () => {
    fields.push(field);
    // A blank line (one empty field) separates nothing and is skipped.
    if (!(fields.length === 1 && fields[0] === '')) lines.push({ line: startLine, fields });
    fields = [];
    field = '';
  };
  while (i < input.length) {
    const c = input[i] as string;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = input[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(line, 'a closing quote must end its field');
        }
        continue;
      }
      if (c === '\n') line += 1;
      field += c;
      i += 1;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new CsvSyntaxError(line, 'a quote may only open a field');
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      endLine();
      line += 1;
      startLine = line;
    } else {
      field += c;
    }
    i += 1;
  }
  if (quoted) throw new CsvSyntaxError(startLine, 'a quoted field is never closed');
  if (field !== '' || fields.length > 0) endLine();
  return lines;
}

function formatField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatCsv(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => row.map(formatField).join(',')).join('\r\n') + '\r\n';
}
