import { CsvSyntaxError, formatCsv, parseCsv } from './csv-format.ts';

describe('CSV as RFC 4180 has it', () => {
  test('quoted fields keep commas, quotes and line breaks, and round-trip', () => {
    const rows = [
      ['section', 'geometry', 'note'],
      ['Side, left', '{"x":1}', 'two\nlines'],
      [' padded ', '', 'plain'],
    ];
    const text = formatCsv(rows);
    expect(text).toBe('section,geometry,note\r\n"Side, left","{""x"":1}","two\nlines"\r\n" padded ",,plain\r\n');
    expect(parseCsv(text).map((line) => line.fields)).toEqual(rows);
  });

  test('LF line ends, a byte order mark and blank lines are taken; lines are counted as an editor shows them', () => {
    const lines = parseCsv('\uFEFFa,b\n\n"x\ny",z\nlast,line');
    expect(lines).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['x\ny', 'z'] },
      { line: 5, fields: ['last', 'line'] },
    ]);
  });

  test.each([
    ['a,"b', 1, 'a quoted field is never closed'],
    ['a\nb,"c"d', 2, 'a closing quote must end its field'],
    ['a\nb,c"d"', 2, 'a quote may only open a field'],
  ])('%j is refused at line %i', (text, line, message) => {
    const error = (() => {
      try {
        parseCsv(text);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect([(error as CsvSyntaxError).line, (error as CsvSyntaxError).message]).toEqual([line, message]);
  });
});
